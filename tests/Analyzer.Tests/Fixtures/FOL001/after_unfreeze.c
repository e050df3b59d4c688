/* FOL001 positive: the update comes after the refcount was unfrozen. */
#include <linux/page-flags.h>

bool fixture_split_late(struct folio *folio)
{
	if (folio_ref_freeze(folio, 1)) {
		__folio_clear_active(folio);
		folio_ref_unfreeze(folio, 1);
	}
	__folio_set_swapbacked(folio); /* expect: FOL001 */
	return true;
}

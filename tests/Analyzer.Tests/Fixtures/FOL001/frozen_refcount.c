/* FOL001 negative: non-atomic updates while the refcount is frozen, none after it is unfrozen. */
#include <linux/page-flags.h>

bool fixture_split_one(struct folio *folio)
{
	if (!folio_ref_freeze(folio, 1))
		return false;
	__folio_clear_active(folio);
	__folio_set_swapbacked(folio);
	folio_ref_unfreeze(folio, 1);
	return true;
}

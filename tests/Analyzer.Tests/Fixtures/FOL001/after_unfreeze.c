/*
 * FOL001 positive: the second update comes after the refcount was unfrozen, where every writer of the word can
 * reach the folio (confidence high); the first races only with memory_failure() under the freeze (medium).
 */
#include <linux/page-flags.h>

bool fixture_split_late(struct folio *folio)
{
	if (folio_ref_freeze(folio, 1)) {
		__folio_clear_active(folio); /* expect: FOL001 */
		folio_ref_unfreeze(folio, 1);
	}
	__folio_set_swapbacked(folio); /* expect: FOL001 */
	return true;
}

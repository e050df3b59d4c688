/*
 * FOL001 positive, confidence medium: non-atomic updates while the refcount is frozen. The freeze keeps out every
 * writer that needs a reference, but memory_failure() sets PG_hwpoison in any page's word without one
 * (rules/kernel/phases.yaml, reference_free_writers), so both updates race with that writer alone.
 */
#include <linux/page-flags.h>

bool fixture_split_one(struct folio *folio)
{
	if (!folio_ref_freeze(folio, 1))
		return false;
	__folio_clear_active(folio); /* expect: FOL001 */
	__folio_set_swapbacked(folio); /* expect: FOL001 */
	folio_ref_unfreeze(folio, 1);
	return true;
}

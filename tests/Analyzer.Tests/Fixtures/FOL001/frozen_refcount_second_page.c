/*
 * FOL001 positive: a frozen refcount keeps out everyone who needs a reference, but memory_failure() sets
 * PG_has_hwpoisoned in the second page's word without taking one (seed 000).
 */
#include <linux/page-flags.h>

bool fixture_split_frozen(struct folio *folio)
{
	if (!folio_ref_freeze(folio, 1))
		return false;
	if (folio_test_partially_mapped(folio))
		__folio_clear_partially_mapped(folio); /* expect: FOL001 */
	folio_ref_unfreeze(folio, 1);
	return true;
}

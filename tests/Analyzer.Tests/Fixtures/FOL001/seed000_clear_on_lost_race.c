/*
 * FOL001 positive, the seed-000 shape without a lock at the site: the shrinker lost the race with the
 * final put and clears the second-page flag non-atomically on a folio others still reach.
 */
#include <linux/page-flags.h>

void fixture_drop_from_queue(struct folio *folio)
{
	if (folio_test_partially_mapped(folio))
		__folio_clear_partially_mapped(folio); /* expect: FOL001 */
	list_del_init(&folio->_deferred_list);
}

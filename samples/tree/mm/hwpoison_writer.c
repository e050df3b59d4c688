/*
 * Sample tree for folint (written for folint, not Linux source).
 * FOL001, negative: the concurrent writer the deferred-split sample races with. Like memory_failure(), it
 * marks the folio's second page atomically, without any lock.
 * Expected: no finding.
 */
#include <linux/page-flags.h>

void hwpoison_sample_mark(struct folio *folio)
{
	if (folio_test_large(folio))
		folio_set_has_hwpoisoned(folio);
}

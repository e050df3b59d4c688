/*
 * FOL000 positive, confidence medium: the tail page's own word is updated with a plain read-modify-write while the
 * caller holds the folio's refcount frozen (__split_huge_page_tail()'s shape). The freeze keeps out every writer that
 * needs a reference, not memory_failure()'s TestSetPageHWPoison() on that tail page.
 */
#include <linux/page-flags.h>

static void sample_split_tail(struct folio *folio, int tail)
{
	struct page *head = &folio->page;
	struct page *page_tail = head + tail;

	page_tail->flags &= ~(1UL << PG_reserved); /* expect: FOL000 */
	page_tail->flags |= head->flags & (1UL << PG_dirty); /* expect: FOL000 */
}

bool sample_split(struct folio *folio, int nr)
{
	int i;

	if (!folio_ref_freeze(folio, 1))
		return false;
	for (i = 1; i < nr; i++)
		sample_split_tail(folio, i);
	folio_ref_unfreeze(folio, 1);
	return true;
}

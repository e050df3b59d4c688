/* FOL002 negative: the documented split order: clear the compound head under the frozen refcount, then unfreeze. */
#include <linux/mm_types.h>

static void sample_split_tail(struct folio *folio, int tail)
{
	struct page *head = &folio->page;
	struct page *page_tail = head + tail;

	page_tail->mapping = head->mapping;
	smp_wmb();
	clear_compound_head(page_tail);
	page_ref_unfreeze(page_tail, 1 + folio_nr_pages(folio));
}

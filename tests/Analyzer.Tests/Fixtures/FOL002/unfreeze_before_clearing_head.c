/* FOL002: the split order reversed: the refcount is unfrozen while the page is still a tail. */
#include <linux/mm_types.h>

static void sample_split_tail(struct folio *folio, int tail)
{
	struct page *head = &folio->page;
	struct page *page_tail = head + tail;

	page_ref_unfreeze(page_tail, 1); /* expect: FOL002 */
	clear_compound_head(page_tail);
}

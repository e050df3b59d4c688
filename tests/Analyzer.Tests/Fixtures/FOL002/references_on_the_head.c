/* FOL002 negative: references taken on the head page, or on a page looked up by PFN once its head is taken. */
#include <linux/mm_types.h>

static void sample_heads(struct folio *folio, unsigned long pfn, struct page *page, int i)
{
	struct page *p;

	page_ref_inc(folio_page(folio, 0));
	page_ref_inc(&folio->page);
	page_ref_inc(compound_head(pfn_to_page(pfn)));
	page_ref_inc(page);

	p = folio_page(folio, i);
	p = compound_head(p);
	page_ref_inc(p);

	p = pfn_to_page(pfn);
	if (get_page_unless_zero(p))
		put_page(p);
	if (page_ref_add_unless(p, 1, 0))
		put_page(p);
}

static void sample_list_cursor(struct folio *folio, struct list_head *list)
{
	struct page *page = folio_page(folio, 1);

	list_for_each_entry(page, list, lru)
		page_ref_inc(page);
}

static void sample_pinned_array(struct page **pages, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		set_page_count(pages[i], 1);
}

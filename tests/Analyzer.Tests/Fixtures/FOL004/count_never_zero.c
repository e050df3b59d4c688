/* FOL004 negative: counts that cannot be 0, and a signed count that a > 0 test stops at -1. */
#include <linux/mm_types.h>

static void sample_pageblock(struct page *page)
{
	unsigned i = pageblock_nr_pages;
	struct page *p = page;

	do {
		ClearPageReserved(p);
		set_page_count(p, 0);
	} while (++p, --i);
}

static void sample_whole_folio(struct folio *folio)
{
	struct page *page = &folio->page;
	unsigned long nr = folio_nr_pages(folio);

	do {
		ClearPageHWPoison(page++);
	} while (--nr);
}

static void sample_order(struct page *page, unsigned int order)
{
	unsigned int nr = 1U << order;

	do {
		SetPageReserved(page++);
	} while (--nr);
}

static void sample_signed(struct page *page, int nr_pages)
{
	do {
		atomic_inc(&page->_mapcount);
	} while (page++, --nr_pages > 0);
}

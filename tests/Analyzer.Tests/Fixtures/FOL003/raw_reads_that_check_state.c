/*
 * FOL003 raw negative: sanity checks that compare the stored value with its reset value, assertions, a read that
 * goes through the page-type test by hand, and writes.
 */
#include <linux/mm.h>

static bool sample_free_checks(struct folio *folio, struct page *page)
{
	if (unlikely(atomic_read(&page->_mapcount) != -1))
		return false;
	if (unlikely(atomic_read(&folio->_nr_pages_mapped)))
		return false;
	VM_BUG_ON_PAGE(atomic_read(&page->_mapcount) > 0, page);
	return true;
}

static void sample_dump(struct folio *folio, struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount);

	mapcount = page_type_has_type(mapcount) ? 0 : mapcount + 1;
	pr_warn("mapcount:%d\n", mapcount);
}

static void sample_reset(struct page *page)
{
	atomic_set(&page->_mapcount, -1);
	page->_mapcount.counter = -1;
}

/* FOL003: the raw word passed to page_mapcount_is_type(), which takes _mapcount + 1 (a debug dump's type check). */
#include <linux/mm.h>

static void sample_dump_page(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount);

	mapcount = page_mapcount_is_type(mapcount) ? 0 : mapcount + 1; /* expect: FOL003 */
	pr_warn("mapcount:%d\n", mapcount);
}

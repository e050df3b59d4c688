/*
 * FOL003 sample (negative): page_mapcount() after seed 004's fix: only the page-type range reads as 0.
 * Expect nothing.
 */
#include <linux/mm_types.h>

static inline int page_mapcount(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount);

	return page_type_has_type(mapcount) ? 0 : mapcount + 1;
}

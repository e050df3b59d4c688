/* FOL003 negative: page_mapcount() after the seed-004 fix: only the page-type range reads as 0. */
#include <linux/mm.h>

static inline int page_mapcount(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount);

	/* Handle page_has_type() pages */
	mapcount = page_type_has_type(mapcount) ? 0 : mapcount + 1;
	if (unlikely(PageCompound(page)))
		mapcount += folio_entire_mapcount(page_folio(page));

	return mapcount;
}

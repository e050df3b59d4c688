/* FOL003: page_mapcount() before the seed-004 fix: every negative value, underflows included, reads as 0. */
#include <linux/mm.h>

static inline int page_mapcount(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount) + 1;

	/* Handle page_has_type() pages */
	if (mapcount < 0) /* expect: FOL003 */
		mapcount = 0;
	if (unlikely(PageCompound(page)))
		mapcount += folio_entire_mapcount(page_folio(page));

	return mapcount;
}

/*
 * FOL003 sample (positive): page_mapcount() as it was before seed 004's fix. Expect one FOL003 at the clamp:
 * every negative value reads as 0, underflows included, so the zap paths' underflow checks never fire.
 */
#include <linux/mm_types.h>

static inline int page_mapcount(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (mapcount < 0)
		mapcount = 0;
	return mapcount;
}

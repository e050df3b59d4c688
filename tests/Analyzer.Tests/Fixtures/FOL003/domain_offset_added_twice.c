/* FOL003: the +1 offset added a second time before the mapcount helper. */
#include <linux/mm.h>

static int sample_twice(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (page_mapcount_is_type(mapcount + 1)) /* expect: FOL003 */
		return 0;
	return mapcount;
}

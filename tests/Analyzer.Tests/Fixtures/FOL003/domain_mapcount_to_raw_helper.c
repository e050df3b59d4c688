/* FOL003: a mapcount (_mapcount + 1) passed to page_type_has_type(), which takes the raw word. */
#include <linux/mm.h>

static int sample_precise_mapcount(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (page_type_has_type(mapcount)) /* expect: FOL003 */
		return 0;
	return mapcount;
}

/* FOL003: page->page_type is the stored word; page_mapcount_is_type() wants it plus one. */
#include <linux/mm.h>

static bool sample_page_has_type(const struct page *page)
{
	return page_mapcount_is_type(data_race(page->page_type)); /* expect: FOL003 */
}

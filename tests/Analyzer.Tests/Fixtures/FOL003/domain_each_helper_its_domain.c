/* FOL003 negative: each helper gets its own domain, through locals and both arms of a branch. */
#include <linux/mm.h>

static int sample_both_domains(struct page *page, bool raw)
{
	int stored = atomic_read(&page->_mapcount);
	int mapcount = stored + 1;

	if (raw) {
		if (page_type_has_type(stored))
			return 0;
	} else if (page_mapcount_is_type(mapcount)) {
		return 0;
	}
	if (stored < PAGE_MAPCOUNT_RESERVE)
		return 0;
	return page_mapcount_is_type(stored + 1) ? 0 : mapcount;
}

/* FOL003 negative: values whose domain folint cannot know (a parameter, a merge of both domains) are not judged. */
#include <linux/mm.h>

static bool sample_unknown(struct page *page, int value, bool plus_one)
{
	int v = atomic_read(&page->_mapcount);

	if (plus_one)
		v = v + 1;
	return page_mapcount_is_type(value) || page_mapcount_is_type(v);
}

/* A helper in a file of its own that puts the page it is given on an LRU list (written for folint's fixtures). */
#include <linux/page-flags.h>

void sample_fill_and_queue(struct page *page)
{
	clear_highpage(page);
	lru_cache_add(page);
}

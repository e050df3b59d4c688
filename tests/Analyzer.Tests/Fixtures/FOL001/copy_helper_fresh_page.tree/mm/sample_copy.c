/*
 * Copy and clear helpers in a file of their own (written for folint's fixtures): one copies page by page, the other
 * hands every subpage to a callback through a function pointer, as process_huge_page() does.
 */
#include <linux/page-flags.h>

void sample_copy_huge_page(struct page *dst, struct page *src, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		copy_highpage(nth_page(dst, i), nth_page(src, i));
}

static void sample_process_huge_page(unsigned int nr, void (*process_subpage)(int idx, void *arg), void *arg)
{
	int i;

	for (i = nr - 1; i >= 0; i--)
		process_subpage(i, arg);
}

static void sample_clear_subpage(int idx, void *arg)
{
	struct page *page = arg;

	clear_highpage(page + idx);
}

void sample_clear_huge_page(struct page *page, unsigned int nr)
{
	sample_process_huge_page(nr, sample_clear_subpage, page);
}

/* FOL002: a page pointer stepped through the subpages of a compound page; every page after the first is a tail. */
#include <linux/mm_types.h>

static void sample_count_each(struct page *head, unsigned int nr)
{
	struct page *p = head;
	unsigned int i;

	for (i = 0; i < nr; i++, p++)
		init_page_count(p); /* expect: FOL002 */
}

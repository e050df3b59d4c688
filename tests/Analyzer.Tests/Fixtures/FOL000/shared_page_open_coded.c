/* FOL000 positive: an open-coded non-atomic bit operation on a shared page's flags word. */
#include <linux/page-flags.h>

void fixture_attach_private(struct page *page, unsigned long data)
{
	page->private = data;
	__set_bit(PG_private, &page->flags); /* expect: FOL000 */
}

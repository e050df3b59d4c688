/*
 * Sample tree for folint (written for folint, not Linux source).
 * FOL000, positive: an open-coded non-atomic set of a flag in page->flags.
 * Expected: one FOL000 finding at the __set_bit() call.
 */
#include <linux/page-flags.h>

void sample_attach_private(struct page *page, unsigned long data)
{
	page->private = data;
	__set_bit(PG_private, &page->flags);
}

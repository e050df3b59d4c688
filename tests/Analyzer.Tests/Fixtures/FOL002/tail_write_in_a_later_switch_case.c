/*
 * FOL002: every case of a switch is entered from the switch value, not only by falling through from the case
 * before it. A walker that stops at the first case's break never looks at the later cases.
 */
#include <linux/mm_types.h>

static void sample_by_mode(struct page *head, unsigned long nr, int mode)
{
	switch (mode) {
	case 0:
		page_ref_inc(head);
		break;
	case 1:
		set_page_count(head + nr, 1); /* expect: FOL002 */
		break;
	default:
		break;
	}
}

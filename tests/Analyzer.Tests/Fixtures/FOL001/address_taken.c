/* FOL001 positive: called from the free path, but its address is also in an operations table. */
#include <linux/page-flags.h>

static void fixture_drop(struct page *page)
{
	__ClearPageReserved(page); /* expect: FOL001 */
}

struct fixture_ops {
	void (*drop)(struct page *page);
};

static const struct fixture_ops fixture_ops = {
	.drop = fixture_drop,
};

bool free_pages_prepare(struct page *page, unsigned int order)
{
	fixture_drop(page);
	return true;
}

/* A batched helper in a header, as seed 003 put its helper in page-flags.h. */
static inline void sample_clear_pages_exclusive(struct page *page, unsigned int nr)
{
	for (;;) {
		ClearPageAnonExclusive(page);
		if (--nr == 0)
			break;
		++page;
	}
}

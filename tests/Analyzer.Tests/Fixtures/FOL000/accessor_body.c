/* FOL000 negative: the body of a non-atomic accessor is where the non-atomic op belongs (FOL001 judges its callers). */
static inline void __SetPageSwapBacked(struct page *page)
{
	__set_bit(PG_swapbacked, &page->flags);
}

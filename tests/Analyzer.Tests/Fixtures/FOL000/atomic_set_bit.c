/* FOL000 negative: set_bit() is atomic. */
void attach_private(struct page *page)
{
	set_bit(PG_private, &page->flags);
}

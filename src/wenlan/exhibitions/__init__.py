"""Online exhibitions, for those who cannot come: a library's or a partner's
ordered images with captions in both languages, a panorama in a viewer that pans."""

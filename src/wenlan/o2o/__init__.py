"""O2O borrowing: 悦读 (a new book from a partner bookstore, paid by the library);
悦借, 悦享 and 悦购 join it later, each a sub-domain of its own modules."""

//! Property checks shared by the fuzz targets and the tests that replay the fuzz corpus.
//! Not part of the stable API.

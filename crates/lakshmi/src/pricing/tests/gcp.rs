//! Prices of Google Cloud resources checked against the public list prices named in each test.

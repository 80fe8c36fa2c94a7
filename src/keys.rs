//! The keys a serde struct reads, so the checks that name unknown keys (`book.toml`,
//! front matter) list exactly what is parsed and can never drift from it.

use serde::Deserialize;

/// The field names serde expects for a struct: a deserializer that only listens to the
/// `deserialize_struct` call and then stops.
pub fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{Error as _, Visitor, value::Error};
    struct Listen(&'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for &mut Listen {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            self.0 = fields;
            Err(Error::custom("listened"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut listen = Listen(&[]);
    let _ = T::deserialize(&mut listen);
    listen.0
}

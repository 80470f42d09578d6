#include <catch2/catch.hpp>

#include "engine/decimal.hpp"

using slaudit::engine::decimal;

TEST_CASE("decimals parse exactly and compare across scales", "[decimal]") {
  auto a = decimal::parse("99.95");
  REQUIRE(a);
  CHECK(a->units == 9995);
  CHECK(a->scale == 2);
  CHECK(*decimal::parse("99.9") == *decimal::parse("99.900"));
  CHECK(*decimal::parse("99.9") < *decimal::parse("99.95"));
  CHECK(*decimal::parse("100") > *decimal::parse("99.9999999999"));
  CHECK_FALSE(decimal::parse(""));
  CHECK_FALSE(decimal::parse("1.2.3"));
  CHECK_FALSE(decimal::parse("99999999999999999999"));  // would overflow 64 bits
  CHECK_FALSE(decimal::parse("0.0000000000001"));       // 13 decimals: beyond the exact scale
}

TEST_CASE("decimals convert to minor units only when exact", "[decimal]") {
  CHECK(decimal::parse("120000.00")->at_scale(2) == 12000000);
  CHECK(decimal::parse("120000")->at_scale(2) == 12000000);
  CHECK(decimal::parse("0.01")->at_scale(2) == 1);
  CHECK_FALSE(decimal::parse("10000.005")->at_scale(2));
  CHECK(decimal::parse("10000.000")->at_scale(2) == 1000000);
}

TEST_CASE("decimal text drops trailing zeros only", "[decimal]") {
  CHECK(decimal::parse("99.90")->str() == "99.9");
  CHECK(decimal::parse("0.5")->str() == "0.5");
  CHECK(decimal::parse("100")->str() == "100");
  CHECK((decimal{5, 3}).str() == "0.005");
  CHECK((decimal{4380, 2}).str() == "43.8");
  CHECK((decimal{4380, 2}).str(2) == "43.80");
}

#include "reports/srgb_profile.hpp"

#include <cmath>
#include <cstdint>
#include <string_view>

namespace slaudit::reports {
namespace {

/// Big-endian writers: every number of an ICC profile is big-endian.
void u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}
void u16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xFF);
}
void signature(std::string& out, std::string_view four) { out.append(four.substr(0, 4)); }
/// s15Fixed16Number: the value times 65,536, rounded.
void s15f16(std::string& out, double v) { u32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(std::lround(v * 65536.0)))); }
void pad4(std::string& out) {
  while (out.size() % 4) out += '\0';
}

std::string xyz(double x, double y, double z) {
  std::string t;
  signature(t, "XYZ ");
  u32(t, 0);
  s15f16(t, x);
  s15f16(t, y);
  s15f16(t, z);
  return t;
}

/// textDescriptionType (version 2): an ASCII description, no Unicode or ScriptCode one.
std::string description(std::string_view text) {
  std::string t;
  signature(t, "desc");
  u32(t, 0);
  u32(t, static_cast<std::uint32_t>(text.size() + 1));
  t.append(text);
  t += '\0';
  u32(t, 0);  // Unicode language
  u32(t, 0);  // Unicode count
  u16(t, 0);  // ScriptCode code
  t += '\0';  // ScriptCode count
  t.append(67, '\0');
  return t;
}

std::string text(std::string_view s) {
  std::string t;
  signature(t, "text");
  u32(t, 0);
  t.append(s);
  t += '\0';
  return t;
}

/// The sRGB transfer function, from the encoded value to linear light, as 1,024 entries.
std::string srgb_curve() {
  constexpr int entries = 1024;
  std::string t;
  signature(t, "curv");
  u32(t, 0);
  u32(t, entries);
  for (int k = 0; k < entries; ++k) {
    double v = static_cast<double>(k) / (entries - 1);
    double linear = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    u16(t, static_cast<std::uint16_t>(std::lround(linear * 65535.0)));
  }
  return t;
}

std::string make_profile() {
  struct tag {
    const char* sig;
    std::string data;
  };
  std::string curve = srgb_curve();
  const tag tags[] = {
      {"desc", description("sRGB IEC61966-2.1")},
      {"cprt", text("No copyright: made by slaudit from the published IEC 61966-2.1 values")},
      {"wtpt", xyz(0.9642, 1.0, 0.8249)},
      {"rXYZ", xyz(0.4360747, 0.2225045, 0.0139322)},
      {"gXYZ", xyz(0.3850649, 0.7168786, 0.0971045)},
      {"bXYZ", xyz(0.1430804, 0.0606169, 0.7141733)},
      {"rTRC", curve},
      {"gTRC", curve},
      {"bTRC", curve},
  };
  constexpr std::uint32_t count = sizeof tags / sizeof tags[0];
  // The tags' data after the header (128 bytes) and the tag table; the three curves share one.
  std::string data;
  std::uint32_t offsets[count], sizes[count];
  std::uint32_t base = 128 + 4 + 12 * count;
  std::uint32_t curve_at = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    bool shared_curve = std::string_view(tags[k].sig).substr(1) == "TRC" && curve_at;
    if (shared_curve) {
      offsets[k] = curve_at;
    } else {
      offsets[k] = base + static_cast<std::uint32_t>(data.size());
      if (std::string_view(tags[k].sig).substr(1) == "TRC") curve_at = offsets[k];
      data += tags[k].data;
      pad4(data);
    }
    sizes[k] = static_cast<std::uint32_t>(tags[k].data.size());
  }
  std::uint32_t size = base + static_cast<std::uint32_t>(data.size());
  std::string p;
  u32(p, size);
  u32(p, 0);           // preferred CMM
  u32(p, 0x02100000);  // version 2.1
  signature(p, "mntr");
  signature(p, "RGB ");
  signature(p, "XYZ ");
  for (std::uint16_t v : {2026, 1, 1, 0, 0, 0}) u16(p, v);  // a fixed date: the same bytes every time
  signature(p, "acsp");
  u32(p, 0);  // platform
  u32(p, 0);  // flags
  u32(p, 0);  // manufacturer
  u32(p, 0);  // model
  u32(p, 0);  // attributes
  u32(p, 0);
  u32(p, 0);  // rendering intent: perceptual
  s15f16(p, 0.9642);  // the PCS illuminant, D50
  s15f16(p, 1.0);
  s15f16(p, 0.8249);
  u32(p, 0);  // creator
  p.append(128 - p.size(), '\0');
  u32(p, count);
  for (std::uint32_t k = 0; k < count; ++k) {
    signature(p, tags[k].sig);
    u32(p, offsets[k]);
    u32(p, sizes[k]);
  }
  p += data;
  return p;
}

}  // namespace

const std::string& srgb_icc_profile() {
  static const std::string profile = make_profile();
  return profile;
}

}  // namespace slaudit::reports

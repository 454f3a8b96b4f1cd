#include "assets/evidence/evidence.h"

#include "crypto/address.h"
#include "state/keys.h"
#include "util/utf8.h"

namespace ddn::assets::evidence {

using codec::Json;
using util::ErrorCode;
using util::Status;

namespace {

// The fields in encoding order. Limits in Unicode code points (at most 4 bytes each); they are
// the reference's column widths, except `description`, which the reference leaves unbounded.
struct Field {
  const char* name;
  std::string Evidence::*member;
  size_t max_chars;
  bool required;
  bool identifier;  // printable ASCII without spaces: a lookup key
};
constexpr Field kFields[] = {
    {"short_hash", &Evidence::short_hash, 128, true, true},
    {"title", &Evidence::title, 256, false, false},
    {"description", &Evidence::description, 4096, false, false},
    {"hash", &Evidence::hash, 256, true, true},
    {"author", &Evidence::author, 64, true, false},
    {"address", &Evidence::address, 512, false, false},
    {"source_address", &Evidence::source_address, 512, false, false},
    {"tags", &Evidence::tags, 128, false, false},
    {"type", &Evidence::type, 32, true, false},
    {"size", &Evidence::size, 64, false, false},
    {"metadata", &Evidence::metadata, 1024, false, false},
};

void ReadFields(codec::ByteReader& r, Evidence& e) {
  for (const Field& f : kFields) {
    if (!r.ok()) return;
    e.*f.member = r.String(4 * f.max_chars, f.name);
  }
}

chain::AssetPayloadPtr Decode(codec::ByteReader& r) {
  auto e = std::make_shared<Evidence>();
  ReadFields(r, *e);
  return e;
}

util::Result<chain::AssetPayloadPtr> FromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.evidence");
  r.Only({"short_hash", "title", "description", "hash", "author", "address", "source_address",
          "tags", "type", "size", "metadata"});
  auto e = std::make_shared<Evidence>();
  for (const Field& f : kFields) {
    if (f.required) {
      e.get()->*f.member = r.String(f.name);
    } else if (auto text = r.OptionalString(f.name)) {
      if (text->empty()) {
        r.Fail(ErrorCode::kNonCanonical,
               "asset.evidence." + std::string(f.name) + " is omitted when empty");
      }
      e.get()->*f.member = *text;
    }
  }
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(e));
}

Status Check(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* e = dynamic_cast<const Evidence*>(&payload);
  if (e == nullptr) return util::Error(ErrorCode::kInvalidField, "not an evidence asset");
  for (const Field& f : kFields) {
    const std::string& text = e->*f.member;
    const std::string name = "asset.evidence." + std::string(f.name);
    if (f.required && text.empty()) {
      return util::Error(ErrorCode::kMissingField, name + " is required");
    }
    const auto chars = util::CodePointCount(text);
    if (!chars || *chars > f.max_chars) {
      return util::Error(ErrorCode::kInvalidField, name + " must be valid UTF-8 of at most " +
                                                       std::to_string(f.max_chars) +
                                                       " characters");
    }
    if (f.identifier) {
      for (char c : text) {
        if (c < 0x21 || c > 0x7e) {
          return util::Error(ErrorCode::kInvalidField,
                             name + " must be printable ASCII without spaces");
        }
      }
    }
  }
  return Status::Ok();
}

uint64_t Fee(const chain::AssetPayload&) { return kFee; }

const chain::AssetType kAssetType{
    .id = kType,
    .name = "evidence",
    .json_key = "evidence",
    .has_recipient = false,
    .has_amount = false,
    .decode = &Decode,
    .from_json = &FromJson,
    .check = &Check,
    .fee = &Fee,
};

Status Refuse(std::string message) { return util::Error(ErrorCode::kStateRule, std::move(message)); }

class EvidenceRules final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Evidence& e = Of(any);
    DDN_ASSIGN_OR_RETURN(auto by_hash, FindByHash(ledger.view(), e.hash));
    if (by_hash) {
      return Refuse("evidence with hash " + e.hash + " is already registered (short_hash " +
                    by_hash->evidence.short_hash + ", height " + std::to_string(by_hash->height) +
                    ")");
    }
    DDN_ASSIGN_OR_RETURN(auto by_id, FindByShortId(ledger.view(), e.short_hash));
    if (by_id) return Refuse("evidence short_hash " + e.short_hash + " is already taken");
    return Status::Ok();
  }

  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    Record record;
    record.tx_id = util::FromHexFixed<32>(any.id).value_or(chain::Hash256{});
    record.height = ctx.height;
    record.owner = crypto::AddressHashOf(any.tx.sender);
    record.evidence = Of(any);
    state::Overlay& overlay = ledger.overlay();
    overlay.Write(state::keys::EvidenceByShortId(record.evidence.short_hash), EncodeRecord(record));
    overlay.Write(state::keys::EvidenceByHash(record.evidence.hash), record.evidence.short_hash);
    overlay.Write(state::keys::EvidenceOwnerPrefix(record.owner) + record.evidence.short_hash, "");
    return Status::Ok();
  }

  bool MovesFunds() const override { return false; }

 private:
  static const Evidence& Of(const compat::AnyTx& any) {
    // CheckTxFields guarantees the payload's class for a decoded transaction of this type.
    return *chain::PayloadAs<Evidence>(std::get<chain::RegisteredAsset>(any.tx.asset));
  }
};

}  // namespace

void Evidence::Encode(codec::ByteWriter& w) const {
  for (const Field& f : kFields) w.String(this->*f.member);
}

Json Evidence::ToJson() const {
  Json j = Json::object();
  for (const Field& f : kFields) {
    const std::string& text = this->*f.member;
    if (f.required || !text.empty()) j[f.name] = text;
  }
  return j;
}

bool Evidence::operator==(const Evidence& other) const {
  for (const Field& f : kFields) {
    if (this->*f.member != other.*f.member) return false;
  }
  return true;
}

bool Evidence::Equals(const chain::AssetPayload& other) const {
  const auto* e = dynamic_cast<const Evidence*>(&other);
  return e != nullptr && *e == *this;
}

const chain::AssetType& Type() { return kAssetType; }

const state::AssetRules& Rules() {
  static const EvidenceRules rules;
  return rules;
}

chain::Transaction MakeTransaction(const Evidence& evidence) {
  chain::Transaction tx;
  tx.type = static_cast<chain::TxType>(kType);
  tx.fee = kFee;
  tx.asset = chain::RegisteredAsset{kType, std::make_shared<Evidence>(evidence)};
  return tx;
}

// record = u8(1) bytes(32) tx-id u64le height bytes(20) owner asset-20
std::string EncodeRecord(const Record& record) {
  codec::ByteWriter w;
  w.U8(1);
  w.Raw(record.tx_id);
  w.U64(record.height);
  w.Raw(record.owner);
  record.evidence.Encode(w);
  const util::Bytes& b = w.bytes();
  return std::string(b.begin(), b.end());
}

util::Result<Record> DecodeRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  Record record;
  if (r.U8() != 1 && r.ok()) r.Fail(ErrorCode::kInternal, "unknown evidence record version");
  record.tx_id = r.Fixed<32>();
  record.height = r.U64();
  record.owner = r.Fixed<20>();
  ReadFields(r, record.evidence);
  r.ExpectEnd();
  if (!r.ok()) return util::Error(ErrorCode::kInternal, "corrupt evidence record: " + r.status().message());
  return record;
}

util::Result<std::optional<Record>> FindByShortId(const state::StateView& view,
                                                  std::string_view short_id) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::EvidenceByShortId(short_id)));
  if (!bytes) return std::optional<Record>();
  DDN_ASSIGN_OR_RETURN(Record record, DecodeRecord(*bytes));
  return std::optional<Record>(std::move(record));
}

util::Result<std::optional<Record>> FindByHash(const state::StateView& view,
                                               std::string_view hash) {
  DDN_ASSIGN_OR_RETURN(auto short_id, view.Read(state::keys::EvidenceByHash(hash)));
  if (!short_id) return std::optional<Record>();
  return FindByShortId(view, *short_id);
}

}  // namespace ddn::assets::evidence

// DAO (types 40–43): codecs and limits, and the life of an organisation on the in-process chain
// (register, update, contribute, confirm, exchange), every refusal leaving the state unchanged,
// and an exact rollback.
#include "assets/dao/dao.h"

#include <gtest/gtest.h>

#include "assets/lock/lock.h"
#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "chain_fixture.h"
#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::assets::dao {
namespace {

using util::ErrorCode;

constexpr uint64_t kDdn = 100'000'000;

chain::Transaction Signed(chain::Transaction tx) {
  RegisterAll();
  tx.nethash = "0ab796cd";
  tx.timestamp = 5;
  chain::SignTransaction(tx, crypto::KeyPairFromPassphrase("dao test"));
  return tx;
}

Org SampleOrg() {
  Org o;
  o.org_id = "ddn_foundation";
  o.name = "DDN Foundation";
  o.tags = "chain,dao";
  o.url = "https://ddn.net";
  return o;
}

Exchange Ex(std::string org_id, uint8_t state, uint64_t price) {
  Exchange e;
  e.org_id = std::move(org_id);
  e.state = state;
  e.price = price;
  return e;
}

Contribution Contrib(std::string org_id, std::string title, std::string url, uint64_t price) {
  Contribution c;
  c.org_id = std::move(org_id);
  c.title = std::move(title);
  c.url = std::move(url);
  c.price = price;
  return c;
}

Confirmation Conf(const chain::Hash256& id, uint8_t state, std::string url = "") {
  Confirmation c;
  c.contribution_trs_id = id;
  c.state = state;
  c.url = std::move(url);
  return c;
}

chain::AddressHash Someone() {
  return crypto::AddressHashOf(crypto::KeyPairFromPassphrase("someone").public_key);
}

void ExpectRoundTrip(const chain::Transaction& tx) {
  ASSERT_TRUE(chain::CheckTxFields(tx).ok()) << chain::CheckTxFields(tx).ToString();
  auto decoded = chain::DecodeTransaction(chain::EncodeTransaction(tx));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, tx);
  auto back = chain::TxFromJson(chain::TxToJson(tx));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, tx);
}

TEST(Dao, CodecRoundTrips) {
  ExpectRoundTrip(Signed(MakeOrgTransaction(SampleOrg())));
  Org no_url = SampleOrg();
  no_url.url.clear();
  no_url.state = kOrgUpdate;
  ExpectRoundTrip(Signed(MakeOrgTransaction(no_url)));

  Exchange offer = Ex("ddn_foundation", kExchangeOffer, 5 * kDdn);
  ExpectRoundTrip(Signed(MakeExchangeTransaction(offer, Someone())));
  Exchange accept = offer;
  accept.state = kExchangeAccept;
  accept.exchange_trs_id = chain::Hash256{1, 2, 3};
  ExpectRoundTrip(Signed(MakeExchangeTransaction(accept, Someone())));

  Contribution c = Contrib("ddn_foundation", "Docs", "https://x.io/1", 3 * kDdn);
  ExpectRoundTrip(Signed(MakeContributionTransaction(c)));
  Confirmation yes = Conf(chain::Hash256{9}, kConfirmAccept, "https://x.io/ok");
  ExpectRoundTrip(Signed(MakeConfirmationTransaction(yes, Someone(), 3 * kDdn)));
  Confirmation no = Conf(chain::Hash256{9}, kConfirmReject);
  const auto reject = Signed(MakeConfirmationTransaction(no, Someone(), 3 * kDdn));
  EXPECT_EQ(reject.fee, 0u);
  EXPECT_EQ(reject.amount, 0u);
  ExpectRoundTrip(reject);

  const codec::Json json = chain::TxToJson(Signed(MakeOrgTransaction(SampleOrg())));
  EXPECT_EQ(json["asset"]["daoOrg"], (codec::Json{{"org_id", "ddn_foundation"},
                                                  {"name", "DDN Foundation"},
                                                  {"tags", "chain,dao"},
                                                  {"url", "https://ddn.net"},
                                                  {"state", 0}}));
  const codec::Json cj = chain::TxToJson(Signed(MakeContributionTransaction(c)));
  EXPECT_EQ(cj["asset"]["daoContribution"]["price"], "300000000");
}

TEST(Dao, NonCanonicalAndMalformedInputIsRefused) {
  codec::Json json = chain::TxToJson(Signed(MakeOrgTransaction(SampleOrg())));
  codec::Json bad = json;
  bad["asset"]["daoOrg"]["url"] = "";
  EXPECT_EQ(chain::TxFromJson(bad).status().code(), ErrorCode::kNonCanonical);
  bad = json;
  bad["asset"]["daoOrg"].erase("org_id");
  EXPECT_EQ(chain::TxFromJson(bad).status().code(), ErrorCode::kMissingField);
  bad = json;
  bad["asset"]["daoOrg"]["owner"] = "x";
  EXPECT_EQ(chain::TxFromJson(bad).status().code(), ErrorCode::kUnknownField);
  bad = json;
  bad["asset"]["daoOrg"]["state"] = 2;
  EXPECT_FALSE(chain::TxFromJson(bad).ok());

  Contribution c = Contrib("ddn_foundation", "Docs", "https://x.io/1", 3 * kDdn);
  codec::Json cj = chain::TxToJson(Signed(MakeContributionTransaction(c)));
  for (const char* price : {"0300000000", "3e8", "-1", ""}) {
    codec::Json b = cj;
    b["asset"]["daoContribution"]["price"] = price;
    EXPECT_EQ(chain::TxFromJson(b).status().code(), ErrorCode::kInvalidField) << price;
  }
  Confirmation yes = Conf(chain::Hash256{0xab}, kConfirmAccept);
  codec::Json yj = chain::TxToJson(Signed(MakeConfirmationTransaction(yes, Someone(), 1)));
  std::string upper = yj["asset"]["daoConfirmation"]["contribution_trs_id"];
  upper[0] = 'A';
  yj["asset"]["daoConfirmation"]["contribution_trs_id"] = upper;
  EXPECT_EQ(chain::TxFromJson(yj).status().code(), ErrorCode::kInvalidField);

  // Binary: a presence byte other than 0/1 and trailing bytes are refused.
  Exchange offer = Ex("ddn_foundation", kExchangeOffer, 1);
  util::Bytes bytes = chain::EncodeTransaction(Signed(MakeExchangeTransaction(offer, Someone())));
  auto ok = chain::DecodeTransaction(bytes);
  ASSERT_TRUE(ok.ok());
  util::Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(chain::DecodeTransaction(longer).ok());
}

TEST(Dao, StatelessLimits) {
  auto check = [](const Org& o) { return chain::CheckTxFields(Signed(MakeOrgTransaction(o))); };
  Org o = SampleOrg();
  EXPECT_TRUE(check(o).ok());
  for (const char* id :
       {"abcd", "_abcde", "abcde_", "ABCDEF", "abc-def", "abcdefghijklmnopqrstu"}) {
    o = SampleOrg();
    o.org_id = id;
    EXPECT_EQ(check(o).code(), ErrorCode::kInvalidField) << id;
  }
  o = SampleOrg();
  o.name.clear();
  EXPECT_EQ(check(o).code(), ErrorCode::kMissingField);
  o.name = std::string(kMaxNameChars + 1, 'n');
  EXPECT_EQ(check(o).code(), ErrorCode::kInvalidField);
  o = SampleOrg();
  o.tags.clear();
  EXPECT_EQ(check(o).code(), ErrorCode::kMissingField);
  for (const char* tags : {"a,a", "a,,b", "a, b", ","}) {
    o.tags = tags;
    EXPECT_EQ(check(o).code(), ErrorCode::kInvalidField) << tags;
  }
  std::string many;
  for (int i = 0; i <= 40; ++i) many += (i ? "," : "") + std::to_string(i);
  o.tags = many;
  EXPECT_EQ(check(o).code(), ErrorCode::kInvalidField);
  o = SampleOrg();
  o.url = "ftp://x.io";
  EXPECT_EQ(check(o).code(), ErrorCode::kInvalidField);
  o.url = "https://" + std::string(kMaxOrgUrlChars, 'u');
  EXPECT_EQ(check(o).code(), ErrorCode::kInvalidField);

  Contribution c = Contrib("ddn_foundation", "", "https://x.io", 1);
  EXPECT_EQ(chain::CheckTxFields(Signed(MakeContributionTransaction(c))).code(),
            ErrorCode::kMissingField);
  c.title = std::string(kMaxTitleChars + 1, 't');
  EXPECT_EQ(chain::CheckTxFields(Signed(MakeContributionTransaction(c))).code(),
            ErrorCode::kInvalidField);

  // An offer carries no payment; an acceptance pays exactly the price.
  Exchange offer = Ex("ddn_foundation", kExchangeOffer, 5);
  chain::Transaction tx = MakeExchangeTransaction(offer, Someone());
  tx.amount = 5;
  EXPECT_EQ(chain::CheckTxFields(Signed(tx)).code(), ErrorCode::kInvalidField);
  offer.state = kExchangeAccept;
  EXPECT_EQ(chain::CheckTxFields(Signed(MakeExchangeTransaction(offer, Someone()))).code(),
            ErrorCode::kMissingField);

  // Fees by id length (reference §2.6), a tenth for updates.
  o = SampleOrg();
  EXPECT_EQ(OrgFee(o), 10 * kDdn);
  o.org_id = "abcdefghij";
  EXPECT_EQ(OrgFee(o), 50 * kDdn);
  o.org_id = "abcde";
  EXPECT_EQ(OrgFee(o), 1600 * kDdn);
  o.state = kOrgUpdate;
  EXPECT_EQ(OrgFee(o), 160 * kDdn);
  chain::Transaction wrong_fee = Signed(MakeOrgTransaction(SampleOrg()));
  wrong_fee.fee -= 1;
  EXPECT_EQ(chain::CheckTxFields(wrong_fee).code(), ErrorCode::kWrongFee);
}

class DaoChain : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterAll();
    for (const auto* keys : {&owner_, &contributor_, &buyer_}) {
      ASSERT_TRUE(f_.ProduceBlock({f_.Transfer(f_.faucet(), Address(*keys), 1000 * kDdn)}).ok());
    }
  }

  static chain::AddressHash Address(const crypto::KeyPair& keys) {
    return crypto::AddressHashOf(keys.public_key);
  }
  uint64_t Balance(const crypto::KeyPair& keys) {
    auto account = f_.chain().GetAccount(Address(keys));
    EXPECT_TRUE(account.ok());
    return account.ok() ? account->balance : 0;
  }
  // Produces a block with the transaction; returns its id (or fails the test).
  chain::Hash256 Confirm(chain::Transaction tx, const crypto::KeyPair& keys) {
    compat::AnyTx any = f_.Sign(std::move(tx), keys);
    auto block = f_.ProduceBlock({any});
    EXPECT_TRUE(block.ok()) << block.status().ToString();
    return *util::FromHexFixed<32>(any.id);
  }
  // The transaction is refused with `code`, and nothing changes.
  void ExpectRefused(chain::Transaction tx, const crypto::KeyPair& keys, ErrorCode code) {
    const auto before = f_.Snapshot();
    auto block = f_.ProduceBlock({f_.Sign(std::move(tx), keys)});
    ASSERT_FALSE(block.ok());
    EXPECT_EQ(block.status().code(), code) << block.status().ToString();
    EXPECT_TRUE(f_.Snapshot() == before);
  }
  OrgRecord Org(std::string_view id) {
    auto org = FindOrg(f_.chain().db(), id);
    EXPECT_TRUE(org.ok() && org->has_value());
    return org.ok() && org->has_value() ? **org : OrgRecord{};
  }

  testing::ChainFixture f_{21};  // no block here becomes irreversible
  crypto::KeyPair owner_ = crypto::KeyPairFromPassphrase("dao owner");
  crypto::KeyPair contributor_ = crypto::KeyPairFromPassphrase("dao contributor");
  crypto::KeyPair buyer_ = crypto::KeyPairFromPassphrase("dao buyer");
};

TEST_F(DaoChain, LifeOfAnOrganisationAndExactRollback) {
  const auto start = f_.Snapshot();
  const uint64_t start_height = f_.chain().tip().height;

  // Register.
  Confirm(MakeOrgTransaction(SampleOrg()), owner_);
  EXPECT_EQ(Balance(owner_), 990 * kDdn);
  EXPECT_EQ(Org("ddn_foundation").owner, Address(owner_));
  auto by_name = FindOrgByName(f_.chain().db(), "DDN Foundation");
  ASSERT_TRUE(by_name.ok() && by_name->has_value());

  // Duplicates: the same id, or another id with the same name.
  ExpectRefused(MakeOrgTransaction(SampleOrg()), buyer_, ErrorCode::kDuplicate);
  dao::Org same_name = SampleOrg();
  same_name.org_id = "another_org_x";
  ExpectRefused(MakeOrgTransaction(same_name), buyer_, ErrorCode::kDuplicate);

  // Update: only the owner; the name moves.
  dao::Org update = SampleOrg();
  update.state = kOrgUpdate;
  update.name = "DDN Foundation II";
  update.tags = "chain,dao,governance";
  ExpectRefused(MakeOrgTransaction(update), buyer_, ErrorCode::kStateRule);
  dao::Org missing = update;
  missing.org_id = "no_such_org";
  ExpectRefused(MakeOrgTransaction(missing), owner_, ErrorCode::kNotFound);
  Confirm(MakeOrgTransaction(update), owner_);
  EXPECT_EQ(Balance(owner_), 989 * kDdn);
  EXPECT_EQ(Org("ddn_foundation").name, "DDN Foundation II");
  by_name = FindOrgByName(f_.chain().db(), "DDN Foundation");
  ASSERT_TRUE(by_name.ok());
  EXPECT_FALSE(by_name->has_value());  // the old name is free again
  same_name.name = "DDN Foundation";
  same_name.org_id = "another_org_x";
  const auto before_second = f_.Snapshot();
  Confirm(MakeOrgTransaction(same_name), buyer_);
  ASSERT_TRUE(f_.chain().RollBackTip().ok());
  EXPECT_TRUE(f_.Snapshot() == before_second);

  // Contribute.
  Contribution c = Contrib("ddn_foundation", "Docs", "https://x.io/1", 30 * kDdn);
  Contribution to_missing = c;
  to_missing.org_id = "no_such_org";
  ExpectRefused(MakeContributionTransaction(to_missing), contributor_, ErrorCode::kNotFound);
  ExpectRefused(MakeContributionTransaction(c), owner_, ErrorCode::kStateRule);  // unpayable
  const chain::Hash256 contribution = Confirm(MakeContributionTransaction(c), contributor_);
  EXPECT_EQ(Balance(contributor_), 999 * kDdn);

  // Confirm: only the owner, only the contributor paid, only once, only within the balance.
  Confirmation yes = Conf(contribution, kConfirmAccept);
  ExpectRefused(MakeConfirmationTransaction(yes, Address(contributor_), c.price), buyer_,
                ErrorCode::kStateRule);
  ExpectRefused(MakeConfirmationTransaction(yes, Address(buyer_), c.price), owner_,
                ErrorCode::kStateRule);
  ExpectRefused(MakeConfirmationTransaction(yes, Address(contributor_), c.price + 1), owner_,
                ErrorCode::kStateRule);
  Confirmation unknown = Conf(chain::Hash256{7}, kConfirmAccept);
  ExpectRefused(MakeConfirmationTransaction(unknown, Address(contributor_), c.price), owner_,
                ErrorCode::kNotFound);
  Contribution dear = c;
  dear.title = "Everything";
  dear.price = 5000 * kDdn;
  const chain::Hash256 dear_id = Confirm(MakeContributionTransaction(dear), contributor_);
  Confirmation too_much = Conf(dear_id, kConfirmAccept);
  ExpectRefused(MakeConfirmationTransaction(too_much, Address(contributor_), dear.price), owner_,
                ErrorCode::kInsufficientBalance);
  Confirm(MakeConfirmationTransaction(yes, Address(contributor_), c.price), owner_);
  EXPECT_EQ(Balance(owner_), 989 * kDdn - 30 * kDdn - kConfirmationFee);
  EXPECT_EQ(Balance(contributor_), 998 * kDdn + 30 * kDdn);
  ExpectRefused(MakeConfirmationTransaction(yes, Address(contributor_), c.price), owner_,
                ErrorCode::kStateRule);
  // Rejecting is free and pays nothing; a rejected contribution cannot be confirmed again.
  const uint64_t owner_before_reject = Balance(owner_);
  Confirmation no = Conf(dear_id, kConfirmReject);
  Confirm(MakeConfirmationTransaction(no, Address(contributor_), 0), owner_);
  EXPECT_EQ(Balance(owner_), owner_before_reject);
  no.url = "https://x.io/again";
  ExpectRefused(MakeConfirmationTransaction(no, Address(contributor_), 0), owner_,
                ErrorCode::kStateRule);
  auto record = FindContribution(f_.chain().db(), dear_id);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->confirmation_state, kConfirmReject);

  // Exchange: only the owner offers; only the buyer accepts, at the price; once.
  Exchange offer = Ex("ddn_foundation", kExchangeOffer, 100 * kDdn);
  ExpectRefused(MakeExchangeTransaction(offer, Address(buyer_)), contributor_,
                ErrorCode::kStateRule);
  const chain::Hash256 offer_id = Confirm(MakeExchangeTransaction(offer, Address(buyer_)), owner_);
  const chain::Hash256 offer2 = Confirm(
      MakeExchangeTransaction(Ex("ddn_foundation", kExchangeOffer, 1), Address(contributor_)),
      owner_);
  const uint64_t owner_before_sale = Balance(owner_);
  Exchange accept = offer;
  accept.state = kExchangeAccept;
  accept.exchange_trs_id = offer_id;
  ExpectRefused(MakeExchangeTransaction(accept, Address(owner_)), contributor_,
                ErrorCode::kStateRule);
  Exchange cheaper = accept;
  cheaper.price = 1;
  ExpectRefused(MakeExchangeTransaction(cheaper, Address(owner_)), buyer_, ErrorCode::kStateRule);
  Confirm(MakeExchangeTransaction(accept, Address(owner_)), buyer_);
  EXPECT_EQ(Org("ddn_foundation").owner, Address(buyer_));
  EXPECT_EQ(Balance(owner_), owner_before_sale + 100 * kDdn);
  EXPECT_EQ(Balance(buyer_), 1000 * kDdn - 100 * kDdn - kExchangeFee);
  ExpectRefused(MakeExchangeTransaction(accept, Address(owner_)), buyer_, ErrorCode::kStateRule);
  // The former owner can no longer update or confirm; the new one can.
  ExpectRefused(MakeOrgTransaction(update), owner_, ErrorCode::kStateRule);
  const chain::Hash256 second = Confirm(MakeContributionTransaction(dear), contributor_);
  Confirmation reject_second = Conf(second, kConfirmReject);
  ExpectRefused(MakeConfirmationTransaction(reject_second, Address(contributor_), 0), owner_,
                ErrorCode::kStateRule);
  Confirm(MakeConfirmationTransaction(reject_second, Address(contributor_), 0), buyer_);
  Confirm(MakeOrgTransaction(update), buyer_);

  // An offer made under an earlier ownership stays stale, even once the org returns to the seller.
  Exchange accept2 = Ex("ddn_foundation", kExchangeAccept, 1);
  accept2.exchange_trs_id = offer2;
  ExpectRefused(MakeExchangeTransaction(accept2, Address(owner_)), contributor_,
                ErrorCode::kStateRule);
  const chain::Hash256 back = Confirm(
      MakeExchangeTransaction(Ex("ddn_foundation", kExchangeOffer, 2), Address(owner_)), buyer_);
  Exchange accept_back = Ex("ddn_foundation", kExchangeAccept, 2);
  accept_back.exchange_trs_id = back;
  Confirm(MakeExchangeTransaction(accept_back, Address(buyer_)), owner_);
  EXPECT_EQ(Org("ddn_foundation").owner, Address(owner_));
  ExpectRefused(MakeExchangeTransaction(accept2, Address(owner_)), contributor_,
                ErrorCode::kStateRule);

  // Rolling everything back restores the state exactly.
  while (f_.chain().tip().height > start_height) ASSERT_TRUE(f_.chain().RollBackTip().ok());
  EXPECT_TRUE(f_.Snapshot() == start);
  auto gone = FindOrg(f_.chain().db(), "ddn_foundation");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

// Confirmations and exchange acceptances pay someone, so an account lock (type 100) blocks
// them; registering, updating and offering do not move funds and stay possible.
TEST_F(DaoChain, AnAccountLockBlocksPaymentsOnly) {
  Confirm(MakeOrgTransaction(SampleOrg()), owner_);
  const chain::Hash256 c = Confirm(
      MakeContributionTransaction(Contrib("ddn_foundation", "Docs", "https://x.io/1", kDdn)),
      contributor_);
  const uint64_t until = f_.chain().tip().height + 3;
  Confirm(lock::MakeTransaction(until), owner_);
  ExpectRefused(MakeConfirmationTransaction(Conf(c, kConfirmAccept), Address(contributor_), kDdn),
                owner_, ErrorCode::kAccountLocked);
  dao::Org update = SampleOrg();
  update.state = kOrgUpdate;
  update.tags = "locked,still,works";
  Confirm(MakeOrgTransaction(update), owner_);
  while (f_.chain().tip().height < until) ASSERT_TRUE(f_.ProduceBlock().ok());
  Confirm(MakeConfirmationTransaction(Conf(c, kConfirmAccept), Address(contributor_), kDdn),
          owner_);
  EXPECT_EQ(Balance(contributor_), 1000 * kDdn - kContributionFee + kDdn);
}

}  // namespace
}  // namespace ddn::assets::dao

#include "crypto/address.h"

#include <algorithm>

#include "crypto/base58.h"

namespace ddn::crypto {

AddressHash AddressHashOf(const PublicKey& public_key) {
  // Processing one transaction derives its sender's address several times in a row (pool
  // admission, apply, indexes): the last derivation of each thread is remembered.
  thread_local PublicKey last_key{};
  thread_local AddressHash last_hash{};
  thread_local bool has_last = false;
  if (has_last && public_key == last_key) return last_hash;
  last_hash = Ripemd160(Sha256(public_key));
  last_key = public_key;
  has_last = true;
  return last_hash;
}

std::string AddressFromHash(const AddressHash& hash) {
  const Hash256 check = Sha256(Sha256(hash));
  util::Bytes payload(hash.begin(), hash.end());
  payload.insert(payload.end(), check.begin(), check.begin() + 4);
  return std::string(1, kAddressPrefix) + Base58Encode(payload);
}

std::string AddressOf(const PublicKey& public_key) {
  return AddressFromHash(AddressHashOf(public_key));
}

std::optional<AddressHash> ParseAddress(std::string_view address) {
  // 24 bytes need at most 33 base58 digits.
  if (address.size() < 2 || address.size() > 40 || address[0] != kAddressPrefix) {
    return std::nullopt;
  }
  auto payload = Base58Decode(address.substr(1));
  if (!payload || payload->size() != 24) return std::nullopt;
  AddressHash hash;
  std::copy(payload->begin(), payload->begin() + 20, hash.begin());
  if (AddressFromHash(hash) != address) return std::nullopt;  // checksum and canonical text
  return hash;
}

}  // namespace ddn::crypto

#include "chain/tx_signer.h"

#include "chain/tx_codec.h"

namespace ddn::chain {

void SignTransaction(Transaction& tx, const crypto::KeyPair& keys,
                     const std::optional<crypto::KeyPair>& second_keys) {
  tx.sender = keys.public_key;
  tx.fee = RequiredFee(tx.type, tx.asset);
  tx.second_signature.reset();
  tx.signature = crypto::Sign(TxSignDigest(tx), keys.secret_key);
  if (second_keys) tx.second_signature = crypto::Sign(TxSecondSignDigest(tx), second_keys->secret_key);
}

Signature Cosign(const Transaction& tx, const crypto::KeyPair& keys) {
  return crypto::Sign(TxSignDigest(tx), keys.secret_key);
}

}  // namespace ddn::chain

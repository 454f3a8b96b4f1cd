// Queries against a node: `ddn account balance`, `ddn status`, `ddn block get`,
// `ddn delegate list`. Each prints the node's JSON answer; exit 0 when it says success.
#include "cli_io.h"
#include "commands.h"
#include "node_client.h"

namespace ddn::cli {

namespace {

std::string g_node = kDefaultNode;

// Sends GET `target` to the node and prints the answer.
int Query(const std::string& target) {
  auto client = NodeClient::Create(g_node);
  if (!client.ok()) return PrintError(client.status());
  auto answer = client->Get(target);
  if (!answer.ok()) return PrintError(answer.status());
  PrintJson(*answer);
  return answer->value("success", false) ? kExitOk : kExitInvalid;
}

bool IsDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

void AddQueryCommands(CLI::App& app, int& exit_code) {
  static std::string address, block_ref;
  CLI::App* account = app.get_subcommand("account");
  CLI::App* balance = account->add_subcommand("balance", "Balance of an address on a node");
  balance->add_option("address", address, "Address (D…)")->required();
  AddNodeOption(balance, g_node);
  balance->callback([&exit_code] {
    exit_code = Query("/api/accounts/getBalance?address=" + address);
  });

  CLI::App* status = app.add_subcommand("status", "The node's status (height, head, pool, forging)");
  AddNodeOption(status, g_node);
  status->callback([&exit_code] { exit_code = Query("/api/node/status"); });

  CLI::App* block = app.add_subcommand("block", "Blocks on a node");
  block->require_subcommand(1);
  CLI::App* get = block->add_subcommand("get", "A block with its transactions, by height or id");
  get->add_option("ref", block_ref, "Height (digits) or block id (64 hex)")->required();
  AddNodeOption(get, g_node);
  get->callback([&exit_code] {
    exit_code = Query(std::string("/api/blocks/full?") + (IsDigits(block_ref) ? "height=" : "id=") +
                      block_ref);
  });

  CLI::App* delegate = app.add_subcommand("delegate", "Delegates on a node");
  delegate->require_subcommand(1);
  CLI::App* list = delegate->add_subcommand("list", "The delegates ranked by vote weight");
  AddNodeOption(list, g_node);
  list->callback([&exit_code] { exit_code = Query("/api/delegates?limit=101"); });
}

}  // namespace ddn::cli

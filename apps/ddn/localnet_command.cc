// `ddn localnet start|stop`: a network of N `ddnd` daemons on 127.0.0.1, all in one directory,
// for development and tests. `start` always creates a new network; the layout of DIR:
//   genesis.block, secrets.json  the network, as `ddn genesis` writes them (secrets owner-only)
//   node<i>/config.toml          node i: a contiguous share of the delegates, every other node a
//                                seed peer (owner-only: it holds forging passphrases)
//   node<i>/data                 its chain (removed by the next `start`)
//   node<i>/node.log             its stdout and stderr, appended
//   localnet.json                {"nethash", "dir", "nodes": [{"api", "pid", "dataDir", "config",
//                                "log"}…], "faucet": {"secret", "address"}}
// The daemons outlive the CLI. A pid is signalled only while /proc/<pid>/cmdline names ddnd, so a
// pid reused by another program is never touched.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli_io.h"
#include "commands.h"
#include "crypto/address.h"
#include "crypto/ed25519.h"
#include "node/network_files.h"
#include "node_client.h"

namespace ddn::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using util::ErrorCode;

constexpr uint32_t kMaxNodes = 20;
constexpr auto kStartDeadline = std::chrono::seconds(60);
constexpr auto kStopDeadline = std::chrono::seconds(15);
constexpr auto kPollInterval = std::chrono::milliseconds(100);
constexpr size_t kLogTailLines = 20;
constexpr const char* kLocalnetFile = "localnet.json";

// One daemon of a running localnet, as recorded in localnet.json.
struct LocalNode {
  std::string api;  // http://127.0.0.1:PORT
  pid_t pid = 0;
  std::string data_dir;
  std::string config;
  std::string log;
};

std::string ErrnoText(int err) { return std::strerror(err); }

// The text of /proc/PID/FILE, or nullopt if the process does not exist.
std::optional<std::string> ProcFile(pid_t pid, const char* file) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// True if /proc/PID/stat shows a process that has not exited: the state letter after the
// parenthesised command name is neither Z (zombie) nor X (dead).
bool IsRunningProcess(pid_t pid) {
  const auto stat = ProcFile(pid, "stat");
  if (!stat) return false;
  const size_t close = stat->rfind(')');
  if (close == std::string::npos || close + 2 >= stat->size()) return false;
  const char state = (*stat)[close + 2];
  return state != 'Z' && state != 'X';
}

// True while `pid` is a running ddnd. Stands in for kill(pid, 0), which cannot tell a reused pid:
// the command line names another program if the pid has been reused. A running process shows an
// empty command line for a moment inside exec (the new image's arguments are not yet set up);
// that moment is waited out instead of being taken for an exit.
bool IsLiveDdnd(pid_t pid) {
  constexpr int kExecWaits = 1000;  // × 1 ms
  for (int wait = 0;; ++wait) {
    if (!IsRunningProcess(pid)) return false;
    const auto cmdline = ProcFile(pid, "cmdline");
    if (!cmdline) return false;
    if (!cmdline->empty()) return cmdline->find("ddnd") != std::string::npos;
    if (wait == kExecWaits) return false;  // a kernel thread, not a process inside exec
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// The last `lines` lines of a text file ("" if it cannot be read).
std::string LogTail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(std::move(line));
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& line : tail) out += line + "\n";
  return out;
}

util::Status WriteFile(const fs::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return util::Error(ErrorCode::kIoError, "cannot write " + path.string());
  return util::Status::Ok();
}

util::Status RestrictToOwner(const fs::path& path, fs::perms perms) {
  std::error_code ec;
  fs::permissions(path, perms, ec);
  if (ec)
    return util::Error(ErrorCode::kIoError, "cannot chmod " + path.string() + ": " + ec.message());
  return util::Status::Ok();
}

constexpr fs::perms kOwnerFile = fs::perms::owner_read | fs::perms::owner_write;
constexpr fs::perms kOwnerDir = fs::perms::owner_all;

// A socket closed when the owner goes out of scope.
class SocketFd {
 public:
  explicit SocketFd(int fd) : fd_(fd) {}
  SocketFd(SocketFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  SocketFd(const SocketFd&) = delete;
  SocketFd& operator=(const SocketFd&) = delete;
  SocketFd& operator=(SocketFd&&) = delete;
  ~SocketFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// `count` distinct TCP ports of 127.0.0.1 that are free now: each is bound (port 0: the kernel
// chooses) and held until all are chosen, then released for the daemons to bind.
util::Result<std::vector<uint16_t>> FreePorts(uint32_t count) {
  std::vector<SocketFd> held;
  std::vector<uint16_t> ports;
  for (uint32_t i = 0; i < count; ++i) {
    SocketFd s(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (s.get() < 0) return util::Error(ErrorCode::kIoError, "socket: " + ErrnoText(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(s.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(s.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return util::Error(ErrorCode::kIoError,
                         "cannot find a free port on 127.0.0.1: " + ErrnoText(errno));
    }
    ports.push_back(ntohs(addr.sin_port));
    held.push_back(std::move(s));
  }
  return ports;
}

// The ddnd to run: $DDND if set; else `ddnd` beside this `ddn` executable; else `ddnd` looked up
// in PATH (by execvp).
std::string DdndProgram() {
  if (const char* env = std::getenv("DDND"); env && *env) return env;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = self.parent_path() / "ddnd";
    if (access(beside.c_str(), X_OK) == 0) return beside.string();
  }
  return "ddnd";
}

// What the daemon-starting children report through the pipe: the daemon's pid, or the step that
// failed with its errno.
enum class SpawnStep : int32_t { kStarted, kFork, kDevNull, kLog, kChdir, kExec };
struct SpawnReport {
  SpawnStep step;
  int32_t value;  // kStarted: the pid; otherwise errno
};

[[noreturn]] void ReportAndExit(int fd, SpawnStep step, int value) {
  const SpawnReport report{step, value};
  // Nothing can be done if the parent is gone: it then learns nothing and says so.
  [[maybe_unused]] const ssize_t written = write(fd, &report, sizeof report);
  _exit(127);
}

// Starts `program args…` as a daemon: double fork with setsid in between, so it is neither a
// child of this process nor attached to its terminal; stdin from /dev/null, stdout and stderr
// appended to `log`, working directory `work_dir`, umask `child_umask`. Returns its pid once it
// has called exec (a failed exec is reported as an error).
util::Result<pid_t> StartDaemon(const std::string& program, const std::vector<std::string>& args,
                                const std::string& log, const std::string& work_dir,
                                mode_t child_umask) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return util::Error(ErrorCode::kIoError, "pipe: " + ErrnoText(errno));
  }
  const int report_fd = pipe_fds[1];
  const pid_t middle = fork();
  if (middle < 0) {
    const int err = errno;
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return util::Error(ErrorCode::kIoError, "fork: " + ErrnoText(err));
  }
  if (middle == 0) {
    // In the children: plain system calls on data prepared before the fork, no allocation.
    close(pipe_fds[0]);
    setsid();
    const pid_t daemon = fork();
    if (daemon < 0) ReportAndExit(report_fd, SpawnStep::kFork, errno);
    if (daemon == 0) {
      umask(child_umask);
      const int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (in < 0 || dup2(in, STDIN_FILENO) < 0) {
        ReportAndExit(report_fd, SpawnStep::kDevNull, errno);
      }
      const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (out < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0) {
        ReportAndExit(report_fd, SpawnStep::kLog, errno);
      }
      if (chdir(work_dir.c_str()) != 0) ReportAndExit(report_fd, SpawnStep::kChdir, errno);
      // Descriptors this process inherited without close-on-exec stay out of the daemon. Old
      // kernels without the flag leave them open: harmless, so the result is deliberately unused.
      [[maybe_unused]] const int cloexec = close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
      execvp(argv[0], argv.data());
      ReportAndExit(report_fd, SpawnStep::kExec, errno);
    }
    const SpawnReport started{SpawnStep::kStarted, daemon};
    [[maybe_unused]] const ssize_t written = write(report_fd, &started, sizeof started);
    _exit(0);
  }
  close(report_fd);
  // Reports arrive until both children have closed the pipe: the middle one by exiting, the
  // daemon by exec (close-on-exec) or by exiting after a failure.
  pid_t daemon = 0;
  std::optional<SpawnReport> failure;
  for (;;) {
    SpawnReport report{};
    const ssize_t n = read(pipe_fds[0], &report, sizeof report);
    if (n < 0 && errno == EINTR) continue;
    if (n != static_cast<ssize_t>(sizeof report)) break;
    if (report.step == SpawnStep::kStarted) {
      daemon = report.value;
    } else {
      failure = report;
    }
  }
  close(pipe_fds[0]);
  while (waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
  }
  if (failure) {
    std::string what;
    switch (failure->step) {
      case SpawnStep::kStarted:
      case SpawnStep::kFork:
        what = "fork";
        break;
      case SpawnStep::kDevNull:
        what = "open /dev/null";
        break;
      case SpawnStep::kLog:
        what = "open " + log;
        break;
      case SpawnStep::kChdir:
        what = "chdir " + work_dir;
        break;
      case SpawnStep::kExec:
        what = "exec";
        break;
    }
    return util::Error(ErrorCode::kIoError,
                       "cannot start " + program + ": " + what + ": " + ErrnoText(failure->value));
  }
  if (daemon <= 0) {
    return util::Error(ErrorCode::kIoError, "cannot start " + program + ": no report from fork");
  }
  return daemon;
}

struct StopOutcome {
  std::vector<pid_t> stopped;  // exited after SIGTERM
  std::vector<pid_t> killed;   // still running after kStopDeadline: SIGKILL
};

bool AnyLive(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) {
    if (IsLiveDdnd(p)) return true;
  }
  return false;
}

// SIGTERM to every pid that is a running ddnd, SIGKILL to those still running after
// kStopDeadline. Pids that are not (or no longer) ddnd are left alone and reported nowhere.
StopOutcome StopDaemons(const std::vector<pid_t>& pids) {
  std::vector<pid_t> live;
  for (pid_t p : pids) {
    if (IsLiveDdnd(p) && kill(p, SIGTERM) == 0) live.push_back(p);
  }
  const auto deadline = Clock::now() + kStopDeadline;
  while (AnyLive(live) && Clock::now() < deadline) std::this_thread::sleep_for(kPollInterval);
  StopOutcome out;
  for (pid_t p : live) {
    if (IsLiveDdnd(p) && kill(p, SIGKILL) == 0) {
      out.killed.push_back(p);
    } else {
      out.stopped.push_back(p);
    }
  }
  // SIGKILL is not instant either: wait for the processes to be gone before reporting.
  const auto kill_deadline = Clock::now() + std::chrono::seconds(5);
  while (AnyLive(out.killed) && Clock::now() < kill_deadline) {
    std::this_thread::sleep_for(kPollInterval);
  }
  return out;
}

std::vector<pid_t> PidsOf(const std::vector<LocalNode>& nodes) {
  std::vector<pid_t> pids;
  for (const auto& n : nodes) {
    if (n.pid > 0) pids.push_back(n.pid);
  }
  return pids;
}

// The member `key` of `object` if it is a string, else "" (json::value would throw on a number).
std::string StringField(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The nodes of DIR/localnet.json (kNotFound when there is none).
util::Result<std::vector<LocalNode>> ReadLocalnet(const fs::path& dir) {
  const fs::path path = dir / kLocalnetFile;
  std::ifstream in(path);
  if (!in) {
    return util::Error(ErrorCode::kNotFound,
                       "no " + path.string() + ": not a directory of `ddn localnet start`");
  }
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  const auto bad = [&path](const std::string& what) {
    return util::Error(ErrorCode::kMalformed, path.string() + ": " + what);
  };
  if (doc.is_discarded()) return bad("not JSON");
  if (!doc.is_object() || !doc.contains("nodes") || !doc["nodes"].is_array()) {
    return bad("no \"nodes\" array");
  }
  std::vector<LocalNode> nodes;
  for (const auto& n : doc["nodes"]) {
    // kill() with a pid of 0 or -1 would reach whole process groups: only real pids pass.
    if (!n.is_object() || !n.contains("pid") || !n["pid"].is_number_integer() ||
        n["pid"].get<int64_t>() <= 1 || n["pid"].get<int64_t>() > INT32_MAX) {
      return bad("every node needs a \"pid\" > 1");
    }
    LocalNode node;
    node.pid = static_cast<pid_t>(n["pid"].get<int64_t>());
    node.api = StringField(n, "api");
    node.data_dir = StringField(n, "dataDir");
    node.config = StringField(n, "config");
    node.log = StringField(n, "log");
    nodes.push_back(std::move(node));
  }
  return nodes;
}

// Empty when node `index` is up and (for a network of more than one node) connected to every
// other node; otherwise what it is still missing.
std::string NotReadyReason(const LocalNode& node, size_t total) {
  auto client = NodeClient::Create(node.api, std::chrono::seconds(2));
  if (!client.ok()) return client.status().message();
  auto height = client->Get("/api/blocks/getHeight");
  if (!height.ok()) return height.status().message();
  if (!height->value("success", false)) return "GET /api/blocks/getHeight: " + height->dump();
  if (total == 1) return "";
  auto peers = client->Get("/api/peers");
  if (!peers.ok()) return peers.status().message();
  size_t connected = 0;
  if (const auto list = peers->find("peers"); list != peers->end() && list->is_array()) {
    for (const auto& p : *list) {
      if (p.is_object() && p.value("state", "") == "connected") ++connected;
    }
  }
  if (connected + 1 >= total) return "";
  return std::to_string(connected) + " of " + std::to_string(total - 1) + " peers connected";
}

std::string NodeFailure(size_t index, const LocalNode& node, const std::string& what) {
  return "node " + std::to_string(index) + " (pid " + std::to_string(node.pid) + ", " + node.api +
         ") " + what + "; last lines of " + node.log + ":\n" + LogTail(node.log, kLogTailLines);
}

// Polls every node until all answer and are connected to each other, a node exits, or
// kStartDeadline passes.
util::Status WaitUntilConnected(const std::vector<LocalNode>& nodes) {
  const auto deadline = Clock::now() + kStartDeadline;
  for (;;) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (!IsLiveDdnd(nodes[i].pid)) {
        return util::Error(ErrorCode::kUnavailable,
                           NodeFailure(i, nodes[i], "exited during start"));
      }
    }
    size_t waiting = 0;
    std::string reason;
    for (; waiting < nodes.size(); ++waiting) {
      reason = NotReadyReason(nodes[waiting], nodes.size());
      if (!reason.empty()) break;
    }
    if (waiting == nodes.size()) return util::Status::Ok();
    if (Clock::now() >= deadline) {
      return util::Error(ErrorCode::kUnavailable,
                         NodeFailure(waiting, nodes[waiting],
                                     "not ready after " + std::to_string(kStartDeadline.count()) +
                                         " s: " + reason));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

struct StartOptions {
  uint32_t nodes = 1;
  std::string dir;
  uint32_t block_interval = 10;
  uint32_t delegates = 101;
};

// Refuses a DIR whose localnet.json still names a running ddnd.
util::Status CheckNotRunning(const fs::path& dir) {
  if (!fs::exists(dir / kLocalnetFile)) return util::Status::Ok();
  auto previous = ReadLocalnet(dir);
  if (!previous.ok()) return previous.status();
  std::string live;
  for (const auto& n : *previous) {
    if (IsLiveDdnd(n.pid)) live += (live.empty() ? "" : ", ") + std::to_string(n.pid);
  }
  if (live.empty()) return util::Status::Ok();
  return util::Error(ErrorCode::kInvalidField,
                     "--dir: a localnet is running in " + dir.string() + " (pids " + live +
                         "); stop it first with `ddn localnet stop --dir " + dir.string() + "`");
}

// Writes the network and one config per node; returns the nodes (pids not yet known).
util::Result<std::vector<LocalNode>> WriteLocalnetFiles(const node::NewNetwork& net,
                                                        const fs::path& dir, uint32_t count) {
  const util::Bytes block = block::EncodeBlock(net.genesis.block);
  DDN_RETURN_IF_ERROR(
      WriteFile(dir / "genesis.block",
                std::string_view(reinterpret_cast<const char*>(block.data()), block.size())));
  DDN_RETURN_IF_ERROR(WriteFile(dir / "secrets.json", node::SecretsJson(net)));
  DDN_RETURN_IF_ERROR(RestrictToOwner(dir / "secrets.json", kOwnerFile));
  DDN_ASSIGN_OR_RETURN(const auto ports, FreePorts(count));
  const auto& secrets = net.genesis.delegate_secrets;
  std::vector<LocalNode> nodes;
  for (uint32_t i = 0; i < count; ++i) {
    const fs::path node_dir = dir / ("node" + std::to_string(i));
    std::error_code ec;
    fs::create_directories(node_dir, ec);
    if (!ec) fs::remove_all(node_dir / "data", ec);
    if (ec) {
      return util::Error(ErrorCode::kIoError,
                         "cannot prepare " + node_dir.string() + ": " + ec.message());
    }
    DDN_RETURN_IF_ERROR(RestrictToOwner(node_dir, kOwnerDir));
    node::NodeConfig c = net.config;
    c.genesis_file = (dir / "genesis.block").string();
    c.data_dir = "data";
    c.bind = "127.0.0.1";
    c.port = ports[i];
    // Contiguous chunks whose sizes differ by at most one.
    c.forging_secrets.assign(secrets.begin() + secrets.size() * i / count,
                             secrets.begin() + secrets.size() * (i + 1) / count);
    c.peers.clear();
    for (uint32_t j = 0; j < count; ++j) {
      if (j != i) c.peers.push_back("127.0.0.1:" + std::to_string(ports[j]));
    }
    const fs::path config = node_dir / "config.toml";
    DDN_RETURN_IF_ERROR(node::SaveNodeConfig(c, config.string()));
    DDN_RETURN_IF_ERROR(RestrictToOwner(config, kOwnerFile));
    LocalNode n;
    n.api = "http://127.0.0.1:" + std::to_string(ports[i]);
    n.data_dir = (node_dir / "data").string();
    n.config = config.string();
    n.log = (node_dir / "node.log").string();
    nodes.push_back(std::move(n));
  }
  return nodes;
}

nlohmann::json NodesJson(const std::vector<LocalNode>& nodes, bool full) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : nodes) {
    nlohmann::json j = {{"api", n.api}, {"pid", n.pid}, {"dataDir", n.data_dir}};
    if (full) {
      j["config"] = n.config;
      j["log"] = n.log;
    }
    out.push_back(std::move(j));
  }
  return out;
}

int StartLocalnet(const StartOptions& o) {
  if (o.nodes < 1 || o.nodes > kMaxNodes) {
    return PrintError(
        util::Error(ErrorCode::kInvalidField, "--nodes: 1.." + std::to_string(kMaxNodes)));
  }
  if (o.block_interval == 0) {
    return PrintError(util::Error(ErrorCode::kInvalidField, "--block-interval > 0"));
  }
  // Everything written from here on (passphrases included) is for the owner only; the daemons
  // get the caller's umask back.
  const mode_t caller_umask = umask(077);
  std::error_code ec;
  const fs::path dir = fs::absolute(o.dir, ec).lexically_normal();
  if (!ec) fs::create_directories(dir, ec);
  if (ec) {
    return PrintError(
        util::Error(ErrorCode::kIoError, "cannot create " + o.dir + ": " + ec.message()));
  }
  if (auto s = CheckNotRunning(dir); !s.ok()) return PrintError(s);
  auto net = node::CreateNetwork(o.delegates, o.block_interval, "");
  if (!net.ok()) return PrintError(net.status());
  auto nodes = WriteLocalnetFiles(*net, dir, o.nodes);
  if (!nodes.ok()) return PrintError(nodes.status());

  const std::string ddnd = DdndProgram();
  for (auto& n : *nodes) {
    auto pid = StartDaemon(ddnd, {"--config", n.config}, n.log,
                           fs::path(n.config).parent_path().string(), caller_umask);
    if (!pid.ok()) {
      [[maybe_unused]] const auto stopped = StopDaemons(PidsOf(*nodes));
      return PrintError(pid.status());
    }
    n.pid = *pid;
  }
  const auto& faucet_secret = net->genesis.faucet_secret;
  const nlohmann::json faucet = {
      {"secret", faucet_secret},
      {"address", crypto::AddressOf(crypto::KeyPairFromPassphrase(faucet_secret).public_key)}};
  const nlohmann::json record = {{"nethash", net->genesis.nethash},
                                 {"dir", dir.string()},
                                 {"nodes", NodesJson(*nodes, true)},
                                 {"faucet", faucet}};
  auto saved = WriteFile(dir / kLocalnetFile, record.dump(2) + "\n");
  if (saved.ok()) saved = RestrictToOwner(dir / kLocalnetFile, kOwnerFile);
  if (saved.ok()) saved = WaitUntilConnected(*nodes);
  if (!saved.ok()) {
    // Whatever failed, no daemon of this start stays behind.
    [[maybe_unused]] const auto stopped = StopDaemons(PidsOf(*nodes));
    return PrintError(saved);
  }
  PrintJson({{"nethash", net->genesis.nethash},
             {"dir", dir.string()},
             {"nodes", NodesJson(*nodes, false)},
             {"faucet", faucet}});
  return kExitOk;
}

int StopLocalnet(const std::string& dir_arg) {
  std::error_code ec;
  const fs::path dir = fs::absolute(dir_arg, ec).lexically_normal();
  if (ec) return PrintError(util::Error(ErrorCode::kIoError, dir_arg + ": " + ec.message()));
  auto nodes = ReadLocalnet(dir);
  if (!nodes.ok()) return PrintError(nodes.status());
  const StopOutcome out = StopDaemons(PidsOf(*nodes));
  PrintJson({{"stopped", out.stopped}, {"killed", out.killed}});
  return kExitOk;
}

}  // namespace

void AddLocalnetCommand(CLI::App& app, int& exit_code) {
  static StartOptions start_options;
  static std::string stop_dir;
  CLI::App* localnet = app.add_subcommand(
      "localnet", "Run a network of local ddnd daemons on 127.0.0.1 in one directory");
  localnet->require_subcommand(1);

  CLI::App* start = localnet->add_subcommand(
      "start",
      "Create a new network in DIR, split its delegates across N nodes on free ports (each node "
      "has every other as a seed peer), start them as daemons (ddnd from $DDND, beside ddn, or "
      "PATH; logs in DIR/node<i>/node.log) and wait up to 60 s until all answer and are "
      "connected; writes DIR/localnet.json and prints {nethash, dir, nodes:[{api, pid, dataDir}], "
      "faucet:{secret, address}}");
  start->add_option("--nodes", start_options.nodes, "Number of nodes (1..20)")
      ->capture_default_str();
  start->add_option("--dir", start_options.dir, "Directory of the localnet (created if missing)")
      ->required();
  start->add_option("--block-interval", start_options.block_interval, "Seconds per slot")
      ->capture_default_str();
  start->add_option("--delegates", start_options.delegates, "Number of delegates (1..1000)")
      ->capture_default_str();
  start->callback([&exit_code] { exit_code = StartLocalnet(start_options); });

  CLI::App* stop = localnet->add_subcommand(
      "stop",
      "Stop the nodes of DIR/localnet.json: SIGTERM, SIGKILL after 15 s; prints {stopped:[pid…], "
      "killed:[pid…]}");
  stop->add_option("--dir", stop_dir, "Directory of the localnet")->required();
  stop->callback([&exit_code] { exit_code = StopLocalnet(stop_dir); });
}

}  // namespace ddn::cli

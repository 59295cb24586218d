#include "adapters/lmdb/lmdb_inventory.hpp"

#include "core/file_io.hpp"
#include "core/inventory/reservation_rules.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace girofle {
namespace {

// Room for far more records than one host will ever have; the file grows only as used.
constexpr std::size_t kMapSize = std::size_t{1} << 30;
constexpr const char* kNextNumberKey = "next_number";

// Zero-padded so that LMDB's byte order is numeric order.
std::string key_for(std::uint64_t number) { return fmt::format("{:020}", number); }

MDB_val as_val(const std::string& bytes) {
    return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

std::string as_string(const MDB_val& value) {
    return std::string(static_cast<const char*>(value.mv_data), value.mv_size);
}

// Aborts on destruction unless committed, so every early return rolls back.
class Transaction {
public:
    Transaction(MDB_env* env, bool write) {
        code_ = mdb_txn_begin(env, nullptr, write ? 0 : MDB_RDONLY, &txn_);
        if (code_ != 0) txn_ = nullptr;
    }
    ~Transaction() {
        if (txn_) mdb_txn_abort(txn_);
    }
    int begin_code() const { return code_; }
    MDB_txn* get() const { return txn_; }
    int commit() {
        int code = mdb_txn_commit(txn_);
        txn_ = nullptr;
        return code;
    }

private:
    MDB_txn* txn_ = nullptr;
    int code_ = 0;
};

class FileLock final : public OperationLock {
public:
    explicit FileLock(int fd) : fd_(fd) {}
    ~FileLock() override { ::close(fd_); }  // closing releases the flock

private:
    int fd_;
};

}  // namespace

Error LmdbInventory::error(int code, const std::string& doing) const {
    ErrorKind kind = (code == MDB_MAP_FULL || code == ENOSPC) ? ErrorKind::no_space
                     : code == EACCES                         ? ErrorKind::permission
                                                              : ErrorKind::failed;
    return Error{kind, "inventory " + directory_.string(), doing + ": " + mdb_strerror(code)};
}

std::filesystem::path LmdbInventory::lock_path(std::uint64_t number) const {
    return directory_ / "locks" / ("instance-" + std::to_string(number) + ".lock");
}

Result<bool> LmdbInventory::ensure_open(bool create) {
    if (env_) return true;
    const std::string object = "inventory " + directory_.string();
    std::error_code fs_error;
    if (!std::filesystem::exists(directory_ / "data.mdb", fs_error)) {
        if (!create) return false;
        auto created = create_private_directories(directory_.parent_path());
        if (created) created = create_private_directories(directory_ / "locks", 0700);
        if (!created)
            return fail(created.error().kind, object, created.error().cause);
    }

    int code = mdb_env_create(&env_);
    if (code == 0) code = mdb_env_set_maxdbs(env_, 4);
    if (code == 0) code = mdb_env_set_mapsize(env_, kMapSize);
    // MDB_NOTLS: read transactions are not tied to a thread (tests use threads).
    if (code == 0) code = mdb_env_open(env_, directory_.c_str(), MDB_NOTLS, 0600);
    if (code == 0) {
        int dead_readers = 0;
        mdb_reader_check(env_, &dead_readers);  // frees slots of readers killed mid-read
        Transaction txn(env_, true);
        code = txn.begin_code();
        if (code == 0) code = mdb_dbi_open(txn.get(), "instances", MDB_CREATE, &instances_);
        if (code == 0) code = mdb_dbi_open(txn.get(), "meta", MDB_CREATE, &meta_);
        if (code == 0) code = txn.commit();
    }
    if (code != 0) {
        Error failure = error(code, "cannot open");
        if (env_) mdb_env_close(env_);
        env_ = nullptr;
        return std::unexpected(failure);
    }
    return true;
}

LmdbInventory::~LmdbInventory() {
    if (env_) mdb_env_close(env_);
}

Result<std::vector<InstanceRecord>> LmdbInventory::read_all(MDB_txn* txn) const {
    MDB_cursor* cursor = nullptr;
    int code = mdb_cursor_open(txn, instances_, &cursor);
    if (code != 0) return std::unexpected(error(code, "cannot read"));
    std::vector<InstanceRecord> records;
    MDB_val key, value;
    for (code = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); code == 0;
         code = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) {
        auto record = record_from_json(nlohmann::json::parse(as_string(value), nullptr, false));
        if (!record) {
            mdb_cursor_close(cursor);
            return std::unexpected(record.error().about("inventory " + directory_.string()));
        }
        records.push_back(std::move(*record));
    }
    mdb_cursor_close(cursor);
    return records;
}

Result<std::vector<InstanceRecord>> LmdbInventory::list() {
    auto opened = ensure_open(false);
    if (!opened) return std::unexpected(opened.error());
    if (!*opened) return std::vector<InstanceRecord>{};
    Transaction txn(env_, false);
    if (txn.begin_code() != 0) return std::unexpected(error(txn.begin_code(), "cannot read"));
    return read_all(txn.get());
}

Result<Reserved> LmdbInventory::reserve(const Reservation& reservation,
                                        const std::string& operation) {
    if (auto opened = ensure_open(true); !opened) return std::unexpected(opened.error());
    Transaction txn(env_, true);
    if (txn.begin_code() != 0) return std::unexpected(error(txn.begin_code(), "cannot write"));
    auto records = read_all(txn.get());
    if (!records) return std::unexpected(records.error());

    std::uint64_t stored_next = 1;
    std::string counter_key = kNextNumberKey;
    MDB_val key = as_val(counter_key), value;
    int code = mdb_get(txn.get(), meta_, &key, &value);
    if (code == 0) {
        const std::string text = as_string(value);
        auto parsed = std::from_chars(text.data(), text.data() + text.size(), stored_next);
        if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || stored_next == 0)
            return fail(ErrorKind::failed, "inventory " + directory_.string(),
                        "its instance counter is damaged ('" + text.substr(0, 40) + "')");
    } else if (code != MDB_NOTFOUND) return std::unexpected(error(code, "cannot read the counter"));
    auto choice = choose_reservation({.records = *records, .stored_next_number = stored_next}, reservation);
    if (!choice) return std::unexpected(choice.error());
    const std::uint64_t number = choice->number;
    const std::string& chosen = choice->address;

    // Locked before the commit makes the record visible: nobody can take it for abandoned.
    auto lock = this->lock(number, operation);
    if (!lock) return std::unexpected(lock.error());
    InstanceRecord record = reservation.make_record(number, chosen);
    record.number = number;
    record.ip = chosen;
    std::string record_key = key_for(number), record_json = to_json(record).dump();
    std::string next_text = std::to_string(choice->next_number);
    MDB_val rkey = as_val(record_key), rvalue = as_val(record_json), nvalue = as_val(next_text);
    code = mdb_put(txn.get(), instances_, &rkey, &rvalue, MDB_NOOVERWRITE);
    if (code == 0) code = mdb_put(txn.get(), meta_, &key, &nvalue, 0);
    if (code == 0) code = txn.commit();
    if (code != 0) return std::unexpected(error(code, "cannot record the reservation"));
    return Reserved{std::move(record), std::move(*lock)};
}

Result<InstanceRecord> LmdbInventory::modify(std::uint64_t number,
                                             const std::function<void(InstanceRecord&)>& change) {
    if (auto opened = ensure_open(true); !opened) return std::unexpected(opened.error());
    Transaction txn(env_, true);
    if (txn.begin_code() != 0) return std::unexpected(error(txn.begin_code(), "cannot write"));
    std::string record_key = key_for(number);
    MDB_val key = as_val(record_key), value;
    int code = mdb_get(txn.get(), instances_, &key, &value);
    if (code == MDB_NOTFOUND)
        return fail(ErrorKind::not_found, "instance " + std::to_string(number),
                    "not in the inventory");
    if (code != 0) return std::unexpected(error(code, "cannot read"));
    auto record = record_from_json(nlohmann::json::parse(as_string(value), nullptr, false));
    if (!record) return std::unexpected(record.error());
    change(*record);
    record->number = number;
    std::string json = to_json(*record).dump();
    MDB_val new_value = as_val(json);
    code = mdb_put(txn.get(), instances_, &key, &new_value, 0);
    if (code == 0) code = txn.commit();
    if (code != 0) return std::unexpected(error(code, "cannot update instance " + std::to_string(number)));
    return *record;
}

Result<void> LmdbInventory::remove(std::uint64_t number) {
    if (auto opened = ensure_open(true); !opened) return std::unexpected(opened.error());
    Transaction txn(env_, true);
    if (txn.begin_code() != 0) return std::unexpected(error(txn.begin_code(), "cannot write"));
    std::string record_key = key_for(number);
    MDB_val key = as_val(record_key);
    int code = mdb_del(txn.get(), instances_, &key, nullptr);
    if (code == MDB_NOTFOUND) return {};
    if (code == 0) code = txn.commit();
    if (code != 0) return std::unexpected(error(code, "cannot remove instance " + std::to_string(number)));
    // The number is never handed out again, so its lock file can go even while held.
    std::error_code ignored;
    std::filesystem::remove(lock_path(number), ignored);
    return {};
}

Result<std::unique_ptr<OperationLock>> LmdbInventory::lock(std::uint64_t number,
                                                           const std::string& operation) {
    const std::string object = "instance " + std::to_string(number);
    auto path = lock_path(number);
    create_private_directories(path.parent_path(), 0700);  // a failure shows in open() below
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(ErrorKind::failed, object,
                    "cannot open its lock " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int flock_errno = errno;
        char holder[256] = {};
        ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
        ::close(fd);
        if (flock_errno != EWOULDBLOCK)
            return fail(ErrorKind::failed, object,
                        std::string("cannot lock: ") + std::strerror(flock_errno));
        std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "another operation";
        while (!who.empty() && who.back() == '\n') who.pop_back();
        return fail(ErrorKind::busy, object, "busy: " + who + " is in progress; try again later");
    }
    // Say who holds it, for the message a second operation prints.
    std::string holder = operation + " (pid " + std::to_string(::getpid()) + ")\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) < 0) {
        // The lock holds without the note; only the busy message loses detail.
    }
    return std::unique_ptr<OperationLock>(new FileLock(fd));
}

}  // namespace girofle

namespace girofle {

Result<void> LmdbInventory::import(const std::vector<InstanceRecord>& records, std::uint64_t next_number) {
    if (auto opened = ensure_open(true); !opened) return std::unexpected(opened.error());
    Transaction txn(env_, true);
    if (txn.begin_code() != 0) return std::unexpected(error(txn.begin_code(), "cannot write"));
    auto existing = read_all(txn.get());
    if (!existing) return std::unexpected(existing.error());
    if (!existing->empty())
        return fail(ErrorKind::conflict, "inventory " + directory_.string(),
                    "already holds " + std::to_string(existing->size()) + " records; refusing to overwrite them");
    int code = 0;
    for (InstanceRecord record : records) {
        record.host_id.clear();  // every record of an embedded inventory is on this host
        std::string record_key = key_for(record.number), record_json = to_json(record).dump();
        MDB_val rkey = as_val(record_key), rvalue = as_val(record_json);
        code = mdb_put(txn.get(), instances_, &rkey, &rvalue, MDB_NOOVERWRITE);
        if (code != 0) return std::unexpected(error(code, "cannot import instance " + std::to_string(record.number)));
    }
    std::string counter_key = kNextNumberKey, next_text = std::to_string(next_number);
    MDB_val key = as_val(counter_key), value = as_val(next_text);
    code = mdb_put(txn.get(), meta_, &key, &value, 0);
    if (code == 0) code = txn.commit();
    if (code != 0) return std::unexpected(error(code, "cannot record the import"));
    return {};
}

Result<std::filesystem::path> LmdbInventory::set_aside() {
    if (env_) mdb_env_close(env_);
    env_ = nullptr;
    if (!exists_quietly(directory_)) return std::filesystem::path{};
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::filesystem::path aside = directory_;
    aside += fmt::format(".set-aside-{:%Y%m%dT%H%M%SZ}", now);
    std::error_code error;
    std::filesystem::rename(directory_, aside, error);
    if (error)
        return fail(kind_of_errno(error.value()), "inventory " + directory_.string(),
                    "cannot move it to " + aside.string() + ": " + error.message());
    return aside;
}

}  // namespace girofle

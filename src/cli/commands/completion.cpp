// Hidden commands: `__generate bash-completion|man` writes the bash completion script and the
// man page from the command table itself (run at build time, so they never drift from the
// help), and `__complete instances|backups INSTANCE` gives the completion script its words.
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "cli/command_table.hpp"
#include "cli/runtime.hpp"
#include "core/backup/snapshot_store.hpp"

namespace girofle::cli {
namespace {

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::vector<const CLI::Option*> options_of(const CLI::App& app) {
    return app.get_options([](const CLI::Option* option) { return !option->get_group().empty(); });
}

// "{freeze,stop,app}" from the type name CLI11 gives an option checked with IsMember.
std::string choices_of(const CLI::Option& option) {
    std::smatch found;
    const std::string type = option.get_type_name();
    if (!std::regex_search(type, found, std::regex(R"(\{([^}]*)\})"))) return "";
    std::string words = found[1];
    std::replace(words.begin(), words.end(), ',', ' ');
    return words;
}

bool takes_value(const CLI::Option& option) { return option.get_expected_max() > 0 && option.get_type_size_max() > 0; }

// One case branch per command path ("backup", "remote list"): its subcommands, its options,
// what its positional is, and which options take values (and from where).
void bash_cases(const CLI::App& app, const std::string& path, std::ostream& out) {
    std::string words, value_options, choices_cases, positional;
    for (const auto* sub : visible_subcommands(app)) words += sub->get_name() + " ";
    for (const auto* option : options_of(app)) {
        if (option->get_positional()) {
            if (positional.empty()) positional = option->get_name(true);
            continue;
        }
        for (const auto& name : option->get_lnames()) {
            words += "--" + name + " ";
            if (!takes_value(*option)) continue;
            value_options += "--" + name + "|";
            if (auto choices = choices_of(*option); !choices.empty())
                choices_cases += "            --" + name + ") _girofle_offer \"" + choices + "\"; return ;;\n";
        }
    }
    out << "        \"" << path << "\")\n";
    out << "            words_here=\"" << words << "\"\n";
    out << "            positional=\"" << positional << "\"\n";
    out << "            case \"$prev\" in\n" << choices_cases;
    if (value_options.find("--backup|") != std::string::npos)
        out << "            --backup) _girofle_offer \"$(_girofle_words backups \"$instance\")\"; return ;;\n";
    if (!value_options.empty())
        out << "            " << value_options.substr(0, value_options.size() - 1) << ") return ;;\n";
    out << "            esac ;;\n";
    for (const auto* sub : visible_subcommands(app))
        bash_cases(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::string bash_completion(const CLI::App& app) {
    std::ostringstream out;
    out << R"(# bash completion for girofle, generated from its command table by `girofle __generate bash-completion`.
_girofle_offer() { COMPREPLY=($(compgen -W "$1" -- "$cur")); }
_girofle_words() { command girofle "${root_args[@]}" __complete "$@" 2>/dev/null; }
_girofle() {
    local cur prev path="" instance="" words_here="" positional="" i word
    local -a root_args=()
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    # The command path so far, the --root in use, and the instance already named.
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        case "$word" in
            --root) root_args=(--root "${COMP_WORDS[i+1]}"); ((i++)); continue ;;
            --root=*) root_args=(--root "${word#--root=}"); continue ;;
            -*) continue ;;
        esac
        case " $(_girofle_path_words "$path") " in
            *" $word "*) path="${path:+$path }$word" ;;
            *) [ -z "$instance" ] && instance="$word" ;;
        esac
    done
    case "$path" in
)";
    bash_cases(app, "", out);
    out << R"(    esac
    if [[ "$cur" == -* || -z "$positional" ]]; then _girofle_offer "$words_here"; return; fi
    case "$positional" in
        instance) [ -z "$instance" ] && _girofle_offer "$(_girofle_words instances) $words_here" ||
                  _girofle_offer "$words_here" ;;
        *) _girofle_offer "$words_here" ;;
    esac
}
)";
    // The subcommand names under each path, so that the loop above tells commands from arguments.
    out << "_girofle_path_words() {\n    case \"$1\" in\n";
    std::function<void(const CLI::App&, const std::string&)> names = [&](const CLI::App& level, const std::string& path) {
        std::string words;
        for (const auto* sub : visible_subcommands(level)) words += sub->get_name() + " ";
        out << "        \"" << path << "\") echo \"" << words << "\" ;;\n";
        for (const auto* sub : visible_subcommands(level))
            names(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
    };
    names(app, "");
    out << "    esac\n}\ncomplete -F _girofle girofle\n";
    return out.str();
}

// Text for roff: a backslash is \e, a leading dot or quote is escaped, hyphens are minus signs.
std::string roff(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '\\') escaped += "\\e";
        else if (c == '-') escaped += "\\-";
        else escaped += c;
    }
    if (!escaped.empty() && (escaped.front() == '.' || escaped.front() == '\'')) escaped = "\\&" + escaped;
    return escaped;
}

std::string option_synopsis(const CLI::Option& option) {
    std::string names;
    for (const auto& name : option.get_snames()) names += (names.empty() ? "" : ", ") + ("\\fB\\-" + name + "\\fR");
    for (const auto& name : option.get_lnames()) names += (names.empty() ? "" : ", ") + ("\\fB\\-\\-" + roff(name) + "\\fR");
    if (option.get_positional()) names = "\\fI" + roff(option.get_name(true)) + "\\fR";
    else if (takes_value(option)) names += " \\fI" + roff(option.get_type_name()) + "\\fR";
    return names;
}

void man_options(const CLI::App& app, std::ostream& out) {
    for (const auto* option : options_of(app)) {
        if (option->get_name() == "--help" || option->get_name() == "-h,--help") continue;
        out << ".TP\n" << option_synopsis(*option) << "\n" << roff(option->get_description()) << "\n";
    }
}

void man_commands(const CLI::App& app, const std::string& path, std::ostream& out) {
    for (const auto* sub : visible_subcommands(app)) {
        const std::string name = path.empty() ? sub->get_name() : path + " " + sub->get_name();
        out << ".SS " << roff(name) << "\n" << roff(sub->get_description()) << "\n";
        if (!options_of(*sub).empty()) {
            out << ".RS\n";
            man_options(*sub, out);
            out << ".RE\n";
        }
        man_commands(*sub, name, out);
    }
}

std::string man_page(const CLI::App& app) {
    std::ostringstream out;
    out << ".\\\" Generated from girofle's command table by `girofle __generate man`.\n"
        << ".TH GIROFLE 1 \"\" \"girofle " << GIROFLE_VERSION << "\" \"User Commands\"\n"
        << ".SH NAME\ngirofle \\- " << roff(app.get_description()) << "\n"
        << ".SH SYNOPSIS\n\\fBgirofle\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR ...\n"
        << ".SH DESCRIPTION\nGirofle runs several GitLab instances on one host, each on its own address, backs "
           "them up, restores them and watches them. \\fIINSTANCE\\fR is a number, a name or a container name.\n"
        << ".SH OPTIONS\n";
    man_options(app, out);
    out << ".SH COMMANDS\n";
    man_commands(app, "", out);
    out << ".SH EXIT STATUS\n0 success; 1 the operation failed; 2 bad usage or bad input, nothing was changed.\n"
        << ".SH FILES\n"
        << ".TP\n\\fIROOT\\fR/girofle.json\nSettings: addresses, image, retention, schedule, remote, metrics_dir, hooks, notify.\n"
        << ".TP\n\\fIROOT\\fR/logs/operations.jsonl\nOne JSON line per operation; \\fBgirofle log\\fR reads it.\n"
        << ".TP\n\\fIROOT\\fR/metrics/girofle.prom\nMetrics for the node exporter's textfile collector, unless metrics_dir says elsewhere.\n"
        << ".SH ENVIRONMENT\n.TP\nGIROFLE_ROOT\nThe root directory when \\-\\-root is not given (default /girofle).\n"
        << ".TP\nDOCKER_HOST\nThe Docker engine to use.\n"
        << ".TP\nRESTIC_PASSWORD_FILE, RESTIC_PASSWORD\nThe remote's password when girofle.json names no file.\n";
    return out.str();
}

Result<int> generate(const CLI::App& app, const std::string& what, const std::string& output) {
    std::string text;
    if (what == "bash-completion") text = bash_completion(app);
    else if (what == "man") text = man_page(app);
    else return fail(ErrorKind::usage, "__generate " + what, "expected bash-completion or man");
    if (output.empty()) {
        std::cout << text;
        return 0;
    }
    std::ofstream file(output);
    file << text;
    if (!file.flush()) return fail(ErrorKind::failed, output, "cannot write");
    return 0;
}

// Words for the completion script; quiet and empty when the root has no inventory.
Result<int> complete_words(const GlobalOptions& globals, const std::vector<std::string>& arguments) {
    if (arguments.empty()) return 0;
    std::error_code error;
    if (!std::filesystem::is_directory(RootLayout(globals.root).inventory(), error)) return 0;
    Runtime runtime(globals);
    auto services = runtime.services();
    if (!services) return 0;
    auto records = services->inventory.list();
    if (!records) return 0;
    if (arguments[0] == "instances") {
        std::set<std::string> words;
        for (const auto& record : *records) {
            words.insert(std::to_string(record.number));
            if (!record.name.empty()) words.insert(record.name);
            words.insert(record.container);
        }
        for (const auto& word : words) std::cout << word << "\n";
    } else if (arguments[0] == "backups" && arguments.size() > 1) {
        auto record = find_instance(*records, arguments[1]);
        if (!record) return 0;
        auto entries = SnapshotStore(services->layout.backups(record->number)).list();
        if (entries)
            for (const auto& entry : *entries) std::cout << entry.id << "\n";
    }
    return 0;
}

}  // namespace

void register_completion_commands(CommandTable& table) {
    auto generated = std::make_shared<std::pair<std::string, std::string>>();
    auto* generate_command = table.add("__generate", "", [generated, &app = table.app()](const GlobalOptions&) {
        return generate(app, generated->first, generated->second);
    });
    generate_command->group("");  // hidden from the help
    generate_command->add_option("what", generated->first, "bash-completion or man")->required();
    generate_command->add_option("--output", generated->second, "File to write instead of stdout");

    auto arguments = std::make_shared<std::vector<std::string>>();
    auto* complete_command = table.add("__complete", "", [arguments](const GlobalOptions& globals) {
        return complete_words(globals, *arguments);
    });
    complete_command->group("");
    complete_command->add_option("words", *arguments, "instances | backups INSTANCE");
}

}  // namespace girofle::cli

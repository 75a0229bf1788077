#!/usr/bin/env bash
# Writes a bash or zsh completion script for one program, generated from the program itself
# so that it cannot drift from it: the options (and which take a value) from its --help, and
# the values of enumerated options from the "(valid: a, b, c)" list its usage error gives
# for an unknown value. Run at build time by packaging/CMakeLists.txt.
#
# Usage: packaging/completion.sh bash|zsh NAME PROGRAM POSITIONAL OUTPUT [ENUM_OPTION...]
#   NAME         the command name to complete (news-searcher)
#   PROGRAM      the program to ask (a path)
#   POSITIONAL   what the non-option arguments are: files, dirs or none
#   OUTPUT       the file to write
#   ENUM_OPTION  a long option (without --) whose value is one of a fixed set; a value named
#                LIST in --help is a comma-separated list of them (--facets)
# Value completion otherwise follows the value's name in --help: DIR completes folders,
# PATH and FILE complete files and folders, anything else completes nothing.
# Understands Boost.Program_options help ("-d [ --db ] DIR", continuation lines indented)
# and GNU style ("-h, --help"), in the lines after "Options:".
set -euo pipefail

if [ $# -lt 5 ]; then
  sed -n '7,13s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
shell=$1 name=$2 program=$3 positional=$4 output=$5
shift 5
enums=("$@")
case $shell in bash | zsh) ;; *) echo "completion.sh: unknown shell '$shell'" >&2; exit 2 ;; esac
case $positional in files | dirs | none) ;; *) echo "completion.sh: unknown POSITIONAL '$positional'" >&2; exit 2 ;; esac

help=$("$program" --help)

# One line per option: SHORT, LONG, VALUE_NAME, DESCRIPTION separated by US (\037), a
# non-blank separator so that `read` keeps empty fields (SHORT, VALUE_NAME may be empty).
options=$(awk '
  function flush() { if (long != "") print short "\037" long "\037" value "\037" desc; long = "" }
  /^Options:/ { in_options = 1; next }
  !in_options { next }
  /^$/ { flush(); in_options = 0; next }
  /^  -/ {
    flush()
    line = substr($0, 3)
    short = ""; value = ""
    if (match(line, /^-[A-Za-z0-9] \[ --[A-Za-z0-9-]+ \]/)) {           # -d [ --db ]
      short = substr(line, 2, 1)
      long = substr(line, 8, RLENGTH - 9)
      line = substr(line, RLENGTH + 1)
    } else if (match(line, /^-[A-Za-z0-9], --[A-Za-z0-9-]+/)) {         # -h, --help
      short = substr(line, 2, 1)
      long = substr(line, 7, RLENGTH - 6)
      line = substr(line, RLENGTH + 1)
    } else if (match(line, /^--[A-Za-z0-9-]+/)) {                       # --version
      long = substr(line, 3, RLENGTH - 2)
      line = substr(line, RLENGTH + 1)
    } else next
    if (match(line, /^[ =][A-Z][A-Z0-9_=]*/)) {                         # " DIR", "=FILE"
      value = substr(line, 2, RLENGTH - 1)
      line = substr(line, RLENGTH + 1)
    }
    sub(/^ \(=[^)]*\)/, "", line)                                       # " (=auto)"
    sub(/^ +/, "", line)
    desc = line
    next
  }
  /^   / && long != "" { line = $0; sub(/^ +/, "", line); desc = desc " " line; gsub(/  +/, " ", desc); next }
  { flush() }
  END { flush() }
' <<<"$help")
if [ -z "$options" ]; then
  echo "completion.sh: no options found in '$program --help'" >&2
  exit 1
fi

# values LONG: the fixed set of values of --LONG, space-separated, from the program's own
# usage error for a value it cannot accept.
values() {
  local scratch message status=0
  scratch=$(mktemp -d)
  # A positional argument, so that the probe is not refused for lacking one; the database is
  # a path in the scratch folder, never the user's.
  message=$(NEWS_SEARCH_DB=$scratch/db "$program" "--$1=?" "$scratch/none" </dev/null 2>&1 >/dev/null) || status=$?
  rm -rf "$scratch"
  if [ "$status" -ne 2 ] || [[ $message != *"(valid: "* ]]; then
    echo "completion.sh: '$program --$1=?' did not list the valid values (exit $status): $message" >&2
    exit 1
  fi
  message=${message#*"(valid: "}
  message=${message%%")"*}
  echo "${message//,/}"
}

sep=$'\037'
declare -A enum_values=()
for e in "${enums[@]}"; do
  grep -q "^[^$sep]*$sep$e$sep" <<<"$options" || { echo "completion.sh: --$e is not in '$program --help'" >&2; exit 1; }
  enum_values[$e]=$(values "$e")
done

func=_$(tr -c 'A-Za-z0-9_\n' _ <<<"$name")

emit_bash() {
  local short long value desc all_words="" value_cases="" none_cases=""
  while IFS=$sep read -r short long value desc; do
    all_words+=" --$long"
    [ -z "$value" ] && continue
    local pattern="--$long"
    [ -n "$short" ] && pattern="-$short|--$long"
    if [ -n "${enum_values[$long]:-}" ]; then
      if [ "$value" = LIST ]; then
        value_cases+="        $pattern) _news_search_list \"${enum_values[$long]}\"; return ;;"$'\n'
      else
        value_cases+="        $pattern) _news_search_words \"${enum_values[$long]}\"; return ;;"$'\n'
      fi
    else
      case $value in
        DIR) value_cases+="        $pattern) _news_search_files -d; return ;;"$'\n' ;;
        PATH | FILE) value_cases+="        $pattern) _news_search_files -f; return ;;"$'\n' ;;
        *) none_cases+="${none_cases:+|}$pattern" ;;
      esac
    fi
  done <<<"$options"
  [ -n "$none_cases" ] && value_cases+="        $none_cases) return ;;  # a value with nothing to offer"$'\n'
  local positional_line
  case $positional in
    files) positional_line='_news_search_files -f' ;;
    dirs) positional_line='_news_search_files -d' ;;
    none) positional_line=':  # query words: nothing to offer' ;;
  esac
  cat <<EOF
# bash completion for $name                                  -*- shell-script -*-
# Generated from '$name --help' by packaging/completion.sh at build time; do not edit.

# _news_search_words WORDS: the words starting with \$cur.
_news_search_words() { mapfile -t COMPREPLY < <(compgen -W "\$1" -- "\$cur"); }

# _news_search_list WORDS: the last item of a comma-separated list of WORDS.
_news_search_list() {
    local done_items=
    [[ \$cur == *,* ]] && done_items=\${cur%,*},
    mapfile -t COMPREPLY < <(compgen -P "\$done_items" -W "\$1" -- "\${cur##*,}")
    compopt -o nospace 2>/dev/null
}

# _news_search_files -f|-d: file and folder names (-f) or folder names (-d).
_news_search_files() {
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen "\$1" -- "\$cur")
}

$func() {
    local cur=\${COMP_WORDS[COMP_CWORD]} prev=
    (( COMP_CWORD > 0 )) && prev=\${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    # --option=value: bash splits the word at '=' (COMP_WORDBREAKS).
    if [[ \$cur == = ]]; then
        cur=
    elif [[ \$prev == = ]] && (( COMP_CWORD > 1 )); then
        prev=\${COMP_WORDS[COMP_CWORD-2]}
    fi
    case \$prev in
$value_cases    esac
    if [[ \$cur == -* ]]; then
        _news_search_words "${all_words# }"
        return
    fi
    $positional_line
}
complete -F $func $name
EOF
}

# zsh_escape TEXT: TEXT usable inside a single-quoted _arguments spec.
zsh_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\'/\'\\\'\'}
  s=${s//[/\\[}
  s=${s//]/\\]}
  s=${s//:/\\:}
  printf '%s' "$s"
}

emit_zsh() {
  local short long value desc specs=""
  while IFS=$sep read -r short long value desc; do
    local names exclusion="" repeat=""
    if [ "$long" = help ] || [ "$long" = version ]; then
      exclusion='(- *)'
    elif [[ $desc == *repeat* ]]; then
      repeat='*'
    elif [ -n "$short" ]; then
      exclusion="(-$short --$long)"
    fi
    local action=""
    if [ -n "$value" ]; then
      if [ -n "${enum_values[$long]:-}" ]; then
        if [ "$value" = LIST ]; then
          action=":$value:_sequence compadd - ${enum_values[$long]}"
        else
          action=":$value:(${enum_values[$long]})"
        fi
      else
        case $value in
          DIR) action=":$value:_files -/" ;;
          PATH | FILE) action=":$value:_files" ;;
          *) action=":$value: " ;;
        esac
      fi
    fi
    # Enough of the description for a menu: up to the first ';', without parentheses.
    desc=$(sed -e 's/ ([^()]*)//g' -e 's/;.*//' <<<"$desc")
    desc=$(zsh_escape "$desc")
    local long_spec="--$long" short_spec="-$short"
    [ -n "$value" ] && long_spec+="=" && short_spec+="+"
    if [ -n "$short" ]; then
      names="{$short_spec,$long_spec}"
      specs+="  '$repeat$exclusion'$names'[$desc]$action' \\"$'\n'
    else
      specs+="  '$repeat$exclusion$long_spec[$desc]$action' \\"$'\n'
    fi
  done <<<"$options"
  case $positional in
    files) specs+="  '*:file or folder:_files'" ;;
    dirs) specs+="  '*:folder:_files -/'" ;;
    none) specs+="  '*:query word: '" ;;
  esac
  cat <<EOF
#compdef $name
# zsh completion for $name.
# Generated from '$name --help' by packaging/completion.sh at build time; do not edit.

_arguments -s -S \\
$specs
EOF
}

tmp=$output.tmp
if [ "$shell" = bash ]; then emit_bash >"$tmp"; else emit_zsh >"$tmp"; fi
mv "$tmp" "$output"

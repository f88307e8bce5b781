#compdef kubectl-istio_tls
compdef _kubectl-istio_tls kubectl-istio_tls

# zsh completion for kubectl-istio_tls, in the manner of cobra's. Load it with:
#   source <(kubectl-istio_tls completion zsh)
# The program answers: `kubectl-istio_tls __complete WORDS... CURRENT` prints one candidate a line,
# "value<TAB>description", then ":directive" (cobra's bits: 2 no space, 4 no file names,
# 8 the candidates are file extensions, 16 directories only).

_kubectl-istio_tls()
{
    local lastParam flagPrefix out directive comp noSpace lastLine
    local -a completions lines

    # Complete at the cursor: drop the words after it. The word under the cursor stays, even
    # empty: it tells the program that the previous word is complete.
    words=("${(@)words[1,CURRENT]}")
    lastParam=${words[-1]}

    # For --flag=value, the candidates come back as --flag=value; zsh completes the value.
    setopt local_options BASH_REMATCH
    if [[ "${lastParam}" =~ '-.*=' ]]; then
        flagPrefix="-P ${BASH_REMATCH}"
    fi

    local -a request
    request=("${words[1]}" __complete "${(@)words[2,-1]}")
    out=$("${(@)request}" 2>/dev/null)

    lines=("${(@f)out}")
    lastLine=${lines[-1]}
    if [ "${lastLine[1]}" = : ]; then
        directive=${lastLine[2,-1]}
        lines=("${(@)lines[1,-2]}")
    else
        directive=0
    fi

    if [ $((directive & 1)) -ne 0 ]; then
        return
    fi

    local tab="$(printf '\t')"
    for comp in "${lines[@]}"; do
        if [ -n "$comp" ]; then
            # _describe takes value:description; a ":" in the value is escaped.
            comp=${comp//:/\\:}
            comp=${comp//$tab/:}
            completions+=${comp}
        fi
    done

    if [ $((directive & 2)) -ne 0 ]; then
        noSpace="-S ''"
    fi

    if [ $((directive & 8)) -ne 0 ]; then
        local filteringCmd='_files' filter
        for filter in ${completions[@]}; do
            filteringCmd+=" -g '*.${filter}'"
        done
        filteringCmd+=" ${flagPrefix}"
        _arguments '*:filename:'"$filteringCmd"
    elif [ $((directive & 16)) -ne 0 ]; then
        _arguments '*:dirname:_files -/'" ${flagPrefix}"
    elif eval _describe "completions" completions $flagPrefix $noSpace; then
        return 0
    elif [ $((directive & 4)) -ne 0 ]; then
        # No file names: let zsh's other matchers try.
        return 1
    else
        _arguments '*:filename:_files'" ${flagPrefix}"
    fi
}

# Not when sourced: only when zsh's completion system calls it.
if [ "$funcstack[1]" = "_kubectl-istio_tls" ]; then
    _kubectl-istio_tls
fi

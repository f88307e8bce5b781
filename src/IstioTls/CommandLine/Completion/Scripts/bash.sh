# bash completion for kubectl-istio_tls, in the manner of cobra's (bash 4.4+; no bash-completion
# package needed). Load it with:  source <(kubectl-istio_tls completion bash)
# The program answers: `kubectl-istio_tls __complete WORDS... CURRENT` prints one candidate a line,
# "value<TAB>description", then ":directive" (cobra's bits: 2 no space, 4 no file names,
# 8 the candidates are file extensions, 16 directories only).

__kubectl_istio_tls_complete()
{
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    # COMP_WORDS splits --output=json at "=": split the line at blanks instead.
    read -ra words <<< "$line"
    if [[ -z $line || $line == *[[:blank:]] ]]; then
        words+=("")
    fi
    local cur=${words[${#words[@]}-1]}

    local out directive
    out=$("${words[0]}" __complete "${words[@]:1}" 2>/dev/null)
    directive=${out##*:}
    out=${out%:*}
    if [[ -z $directive || $directive == *[!0-9]* ]]; then
        directive=0
    fi

    local -a completions=()
    local comp
    while IFS='' read -r comp; do
        [[ -n $comp ]] && completions+=("$comp")
    done <<< "$out"

    COMPREPLY=()
    if (( directive & 1 )); then
        return
    fi
    if (( directive & 2 )); then
        compopt -o nospace 2>/dev/null
    fi
    if (( directive & 4 )); then
        compopt +o default 2>/dev/null
    fi

    # --flag=value: the candidates are values, and the word bash replaces starts after the "=".
    local typed=$cur
    if [[ $cur == -*=* ]]; then
        typed=${cur#*=}
    fi

    if (( directive & 8 )); then
        local pattern
        pattern=$(IFS='|'; echo "${completions[*]}")
        compopt -o filenames 2>/dev/null
        local was
        was=$(shopt -p extglob)
        shopt -s extglob
        mapfile -t COMPREPLY < <(compgen -d -- "$typed"; compgen -f -X "!*.@($pattern)" -- "$typed")
        eval "$was"
        return
    fi
    if (( directive & 16 )); then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$typed")
        return
    fi

    local tab=$'\t' longest=0 value
    for comp in "${completions[@]}"; do
        value=${comp%%"$tab"*}
        [[ $value == "$typed"* ]] || continue
        COMPREPLY+=("$comp")
        (( ${#value} > longest )) && longest=${#value}
    done

    if (( ${#COMPREPLY[@]} == 1 )); then
        # One candidate: insert it, without its description.
        COMPREPLY[0]=${COMPREPLY[0]%%"$tab"*}
    elif (( ${#COMPREPLY[@]} > 1 )); then
        # Several: bash lists them; show each description beside its value, cut to the screen.
        local i desc width=${COLUMNS:-80}
        for i in "${!COMPREPLY[@]}"; do
            comp=${COMPREPLY[i]}
            [[ $comp == *"$tab"* ]] || continue
            value=${comp%%"$tab"*}
            desc=${comp#*"$tab"}
            local room=$(( width - longest - 4 ))
            if (( room > 8 )); then
                printf -v value "%-*s" "$longest" "$value"
                (( ${#desc} > room )) && desc="${desc:0:room-1}…"
                COMPREPLY[i]="$value  ($desc)"
            else
                COMPREPLY[i]=$value
            fi
        done
    fi
}

complete -o default -F __kubectl_istio_tls_complete kubectl-istio_tls

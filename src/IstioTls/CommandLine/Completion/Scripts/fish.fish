# fish completion for kubectl-istio_tls, in the manner of cobra's. Load it with:
#   kubectl-istio_tls completion fish | source
# The program answers: `kubectl-istio_tls __complete WORDS... CURRENT` prints one candidate a line,
# "value<TAB>description", then ":directive" (cobra's bits: 2 no space, 4 no file names,
# 8 the candidates are file extensions, 16 directories only).

function __kubectl_istio_tls_perform_completion
    set -l args (commandline -opc)
    set -l lastArg (commandline -ct)
    set -l results ($args[1] __complete $args[2..-1] $lastArg 2> /dev/null)

    # Trailing empty lines would hide the directive.
    for line in $results[-1..1]
        if test (string trim -- $line) = ""
            set results $results[1..-2]
        else
            break
        end
    end

    # For --flag=value the candidates are values, and fish completes the whole word: put the
    # flag back in front.
    set -l flagPrefix (string match -r -- '-.*=' "$lastArg")
    for comp in $results[1..-2]
        printf "%s%s\n" "$flagPrefix" "$comp"
    end
    printf "%s\n" "$results[-1]"
end

# Fills __kubectl_istio_tls_comp_results; false when fish should complete file names instead.
function __kubectl_istio_tls_prepare_completions
    set --erase __kubectl_istio_tls_comp_results
    set -l results (__kubectl_istio_tls_perform_completion)
    if test -z "$results"
        return 1
    end

    set -l directive (string sub --start 2 $results[-1])
    set --global __kubectl_istio_tls_comp_results $results[1..-2]
    if test -z "$directive"
        set directive 0
    end

    if test (math --scale 0 "$directive / 1 % 2") -eq 1
        return 1
    end
    # File extensions and directories: fish's own file completion does better.
    if test (math --scale 0 "$directive / 8 % 2") -eq 1; or test (math --scale 0 "$directive / 16 % 2") -eq 1
        return 1
    end

    set -l nospace (math --scale 0 "$directive / 2 % 2")
    set -l nofiles (math --scale 0 "$directive / 4 % 2")
    if test $nospace -ne 0; or test $nofiles -eq 0
        set -l prefix (commandline -t | string escape --style=regex)
        set --global __kubectl_istio_tls_comp_results (string match -r -- "^$prefix.*" $__kubectl_istio_tls_comp_results)
        set -l numComps (count $__kubectl_istio_tls_comp_results)

        if test $numComps -eq 1; and test $nospace -ne 0
            # fish adds a space after one candidate unless it ends in @=/:.,
            # a second, longer candidate keeps it from completing the word outright.
            set -l split (string split --max 1 \t $__kubectl_istio_tls_comp_results[1])
            set -l lastChar (string sub -s -1 -- $split)
            if not string match -r -q "[@=/:.,]" -- "$lastChar"
                set --global __kubectl_istio_tls_comp_results $split[1] $split[1].
            end
        end

        if test $numComps -eq 0; and test $nofiles -eq 0
            return 1
        end
    end
    return 0
end

complete -c kubectl-istio_tls -e
complete -c kubectl-istio_tls -n '__kubectl_istio_tls_prepare_completions' -f -a '$__kubectl_istio_tls_comp_results'

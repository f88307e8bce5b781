# PowerShell completion for kubectl-istio_tls, in the manner of cobra's. Load it with:
#   kubectl-istio_tls completion powershell | Out-String | Invoke-Expression
# The program answers: `kubectl-istio_tls __complete WORDS... CURRENT` prints one candidate a line,
# "value<TAB>description", then ":directive" (cobra's bits: 2 no space, 4 no file names,
# 8 the candidates are file extensions, 16 directories only).

filter __kubectl_istio_tls_escapeStringWithSpecialChars {
    $_ -replace '\s|#|@|\$|;|,|''|\{|\}|\(|\)|"|`|\||<|>|&','`$&'
}

[scriptblock]${__kubectl_istio_tlsCompleterBlock} = {
    param(
        $WordToComplete,
        $CommandAst,
        $CursorPosition
    )

    # Complete at the cursor: drop what follows it.
    $Command = "$($CommandAst.CommandElements)"
    if ($Command.Length -gt $CursorPosition) {
        $Command = $Command.Substring(0, $CursorPosition)
    }
    $Program, $Arguments = $Command.Split(" ", 2)
    [string[]]$Words = @()
    if ($Arguments) {
        $Words = $Arguments.Split(" ", [System.StringSplitOptions]::RemoveEmptyEntries)
    }
    if ($WordToComplete -ne "") {
        $WordToComplete = $Words[-1]
    }

    $IsEqualFlag = ($WordToComplete -Like "--*=*")
    if ($IsEqualFlag) {
        $Flag, $WordToComplete = $WordToComplete.Split("=", 2)
    }
    if ($WordToComplete -eq "" -And (-Not $IsEqualFlag)) {
        # The word under the cursor is empty: say so, as an empty argument.
        $Words += '""'
    }

    $Out = @(& $Program __complete @Words 2>$null)
    if ($Out.Count -eq 0) {
        return
    }
    [int]$Directive = 0
    if ($Out[-1] -like ":*") {
        $Directive = $Out[-1].TrimStart(':')
        $Out = @($Out | Select-Object -SkipLast 1)
    }
    if (($Directive -band 1) -ne 0) {
        return
    }
    if ((($Directive -band 8) -ne 0) -or (($Directive -band 16) -ne 0)) {
        # File names: PowerShell's own completion does that.
        return
    }

    $Space = " "
    if (($Directive -band 2) -ne 0) {
        $Space = ""
    }

    $Values = $Out | Where-Object { $_ -ne "" } | ForEach-Object {
        $Name, $Description = $_.Split("`t", 2)
        if (-Not $Description) {
            $Description = " "
        }
        [PSCustomObject]@{ Name = $Name; Description = $Description }
    } | Where-Object { $_.Name -like "$WordToComplete*" } | ForEach-Object {
        # For --flag=value the candidates are values: put the flag back in front.
        if ($IsEqualFlag) {
            $_.Name = $Flag + "=" + $_.Name
        }
        $_
    }

    if (($Directive -band 4) -ne 0 -and -not $Values) {
        # Nothing to offer, and no file names either.
        ""
        return
    }

    $Values | ForEach-Object {
        $CompletionText = $($_.Name | __kubectl_istio_tls_escapeStringWithSpecialChars) + $Space
        [System.Management.Automation.CompletionResult]::new($CompletionText, "$($_.Name)", 'ParameterValue', "$($_.Description)")
    }
}

Register-ArgumentCompleter -Native -CommandName 'kubectl-istio_tls' -ScriptBlock ${__kubectl_istio_tlsCompleterBlock}

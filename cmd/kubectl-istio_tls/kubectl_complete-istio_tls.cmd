@echo off
rem kubectl 1.26+ runs this for "kubectl istio-tls <TAB>" with the words typed so far.
if exist "%~dp0kubectl-istio_tls.exe" (
  "%~dp0kubectl-istio_tls.exe" __complete %*
) else (
  kubectl-istio_tls.exe __complete %*
)

; Assembly listing for method AttentionGen.Runtime.Normalization+LayerNormRows`1[AttentionGen.Runtime.RuntimeDimension]:Run(int,int,int):this (Tier1)
; Emitting BLENDED_CODE for generic X64 + VEX + EVEX on Unix
; Tier1 code
; optimized code
; optimized using Synthesized PGO
; rbp based frame
; fully interruptible
; with Synthesized PGO: fgCalledCount is 4464
; 3 inlinees with PGO data; 19 single block inlinees; 1 inlinees without PGO data

G_M000_IG01:                ;; offset=0x0000
       push     rbp
       push     r15
       push     r14
       push     rbx
       lea      rbp, [rsp+0x18]
 
G_M000_IG02:                ;; offset=0x000B
       mov      eax, dword ptr [rdi+0x30]
       cmp      edx, ecx
       jl       G_M000_IG17
 
G_M000_IG03:                ;; offset=0x0016
       vzeroupper 
       pop      rbx
       pop      r14
       pop      r15
       pop      rbp
       ret      
 
G_M000_IG04:                ;; offset=0x0020
       align    [0 bytes for IG05]
 
G_M000_IG05:                ;; offset=0x0020
       movsxd   r11, esi
       vmovups  zmm5, zmmword ptr [r8+4*r11]
       vsubps   zmm5, zmm5, zmm2
       vaddps   zmm3, zmm5, zmm3
       vfmadd231ps zmm4, zmm5, zmm5
       add      esi, 16
       cmp      esi, r10d
       jle      SHORT G_M000_IG05
 
G_M000_IG06:                ;; offset=0x0044
       vmovaps  zmm2, zmm3
       vextractf32x8 ymm3, zmm3, 1
       vaddps   ymm2, ymm3, ymm2
       vmovaps  zmm3, zmm4
       vextractf32x8 ymm4, zmm4, 1
       vaddps   ymm3, ymm4, ymm3
 
G_M000_IG07:                ;; offset=0x0066
       vbroadcastss ymm4, ymm0
       cmp      esi, ebx
       jle      G_M000_IG31
 
G_M000_IG08:                ;; offset=0x0073
       vmovaps  ymm4, ymm2
       vpermilps xmm5, xmm4, -79
       vaddps   xmm4, xmm5, xmm4
       vpermilps xmm5, xmm4, 78
       vaddps   xmm4, xmm5, xmm4
       vextractf128 xmm2, ymm2
       vpermilps xmm5, xmm2, -79
       vaddps   xmm2, xmm5, xmm2
       vpermilps xmm5, xmm2, 78
       vaddps   xmm2, xmm5, xmm2
       vaddss   xmm2, xmm4, xmm2
       vmovaps  ymm4, ymm3
       vpermilps xmm5, xmm4, -79
       vaddps   xmm4, xmm5, xmm4
       vpermilps xmm5, xmm4, 78
       vaddps   xmm4, xmm5, xmm4
       vextractf128 xmm3, ymm3
       vpermilps xmm5, xmm3, -79
       vaddps   xmm3, xmm5, xmm3
       vpermilps xmm5, xmm3, 78
       vaddps   xmm3, xmm5, xmm3
       vaddss   xmm3, xmm4, xmm3
       cmp      esi, eax
       jl       G_M000_IG32
 
G_M000_IG09:                ;; offset=0x00E7
       vdivss   xmm2, xmm2, xmm1
       vdivss   xmm1, xmm3, xmm1
       vmulss   xmm3, xmm2, xmm2
       vsubss   xmm1, xmm1, xmm3
       vxorps   xmm3, xmm3, xmm3
       vmaxss   xmm3, xmm3, xmm1
       vfixupimmss xmm3, xmm1, dword ptr [reloc @RWD00], 0
       vaddss   xmm1, xmm3, dword ptr [rdi+0x34]
       vsqrtss  xmm1, xmm1, xmm1
       vmovss   xmm3, dword ptr [reloc @RWD04]
       vdivss   xmm1, xmm3, xmm1
       mov      rsi, qword ptr [rdi+0x18]
       mov      r10, qword ptr [rdi+0x20]
       xor      r11d, r11d
       vbroadcastss zmm3, zmm0
       vbroadcastss zmm4, zmm2
       vbroadcastss zmm5, zmm1
       lea      r15d, [rax-0x10]
       test     r15d, r15d
       jl       SHORT G_M000_IG15
       align    [0 bytes for IG10]
 
G_M000_IG10:                ;; offset=0x0145
       movsxd   r14, r11d
       vmovups  zmm6, zmmword ptr [r8+4*r14]
       vsubps   zmm6, zmm6, zmm3
       vsubps   zmm6, zmm6, zmm4
       vmulps   zmm6, zmm6, zmm5
       test     rsi, rsi
       je       SHORT G_M000_IG12
 
G_M000_IG11:                ;; offset=0x0166
       vmulps   zmm6, zmm6, zmmword ptr [rsi+4*r14]
 
G_M000_IG12:                ;; offset=0x016D
       test     r10, r10
       je       SHORT G_M000_IG14
 
G_M000_IG13:                ;; offset=0x0172
       vaddps   zmm6, zmm6, zmmword ptr [r10+4*r14]
 
G_M000_IG14:                ;; offset=0x0179
       vmovups  zmmword ptr [r9+4*r14], zmm6
       add      r11d, 16
       cmp      r11d, r15d
       jle      SHORT G_M000_IG10
 
G_M000_IG15:                ;; offset=0x0189
       vbroadcastss ymm3, ymm0
       vbroadcastss ymm4, ymm2
       vbroadcastss ymm5, ymm1
       cmp      r11d, ebx
       jle      G_M000_IG33
       align    [0 bytes for IG16]
 
G_M000_IG16:                ;; offset=0x01A1
       cmp      r11d, eax
       jl       G_M000_IG36
       inc      edx
       cmp      edx, ecx
       jge      G_M000_IG03
 
G_M000_IG17:                ;; offset=0x01B4
       movsxd   rsi, edx
       movsxd   r8, eax
       imul     rsi, r8
       shl      rsi, 2
       mov      r8, rsi
       add      r8, qword ptr [rdi+0x10]
       mov      r9, rsi
       add      r9, qword ptr [rdi+0x28]
       cmp      qword ptr [rdi], 0
       jne      G_M000_IG24
 
G_M000_IG18:                ;; offset=0x01DA
       xor      esi, esi
       vxorps   ymm0, ymm0, ymm0
       cmp      eax, 16
       jl       SHORT G_M000_IG21
       vxorps   ymm0, ymm0, ymm0
       lea      ebx, [rax-0x10]
       test     ebx, ebx
       jl       SHORT G_M000_IG20
       align    [0 bytes for IG19]
 
G_M000_IG19:                ;; offset=0x01F0
       movsxd   r10, esi
       vaddps   zmm0, zmm0, zmmword ptr [r8+4*r10]
       add      esi, 16
       cmp      esi, ebx
       jle      SHORT G_M000_IG19
 
G_M000_IG20:                ;; offset=0x0201
       vmovaps  zmm1, zmm0
       vextractf32x8 ymm0, zmm0, 1
       vaddps   ymm0, ymm0, ymm1
 
G_M000_IG21:                ;; offset=0x0212
       lea      ebx, [rax-0x08]
       align    [0 bytes for IG22]
 
G_M000_IG22:                ;; offset=0x0215
       cmp      esi, ebx
       jle      G_M000_IG29
       vmovaps  ymm1, ymm0
       vpermilps xmm2, xmm1, -79
       vaddps   xmm1, xmm2, xmm1
       vpermilps xmm2, xmm1, 78
       vaddps   xmm1, xmm2, xmm1
       vextractf128 xmm0, ymm0
       vpermilps xmm2, xmm0, -79
       vaddps   xmm0, xmm2, xmm0
       vpermilps xmm2, xmm0, 78
       vaddps   xmm0, xmm2, xmm0
       vaddss   xmm0, xmm1, xmm0
       cmp      esi, eax
       jl       G_M000_IG30
 
G_M000_IG23:                ;; offset=0x025B
       vxorps   xmm1, xmm1, xmm1
       vcvtsi2ss xmm1, xmm1, eax
       vdivss   xmm0, xmm0, xmm1
       xor      esi, esi
       vxorps   ymm2, ymm2, ymm2
       vxorps   ymm3, ymm3, ymm3
       cmp      eax, 16
       jl       G_M000_IG07
       vbroadcastss zmm2, zmm0
       vxorps   ymm3, ymm3, ymm3
       vxorps   ymm4, ymm4, ymm4
       lea      r10d, [rax-0x10]
       test     r10d, r10d
       jl       G_M000_IG06
       jmp      G_M000_IG05
 
G_M000_IG24:                ;; offset=0x029A
       mov      r10, rsi
       add      r10, qword ptr [rdi]
       add      rsi, qword ptr [rdi+0x08]
       xor      r11d, r11d
       jmp      SHORT G_M000_IG26
 
G_M000_IG25:                ;; offset=0x02A9
       movsxd   rbx, r11d
       vmovups  zmm0, zmmword ptr [r10+4*rbx]
       movsxd   rbx, r11d
       vaddps   zmm0, zmm0, zmmword ptr [rsi+4*rbx]
       movsxd   rbx, r11d
       vmovups  zmmword ptr [r8+4*rbx], zmm0
       add      r11d, 16
 
G_M000_IG26:                ;; offset=0x02CB
       lea      ebx, [rax-0x10]
       cmp      r11d, ebx
       jle      SHORT G_M000_IG25
 
G_M000_IG27:                ;; offset=0x02D3
       lea      ebx, [rax-0x08]
       cmp      r11d, ebx
       jg       SHORT G_M000_IG28
       movsxd   rbx, r11d
       vmovups  ymm0, ymmword ptr [r10+4*rbx]
       movsxd   rbx, r11d
       vaddps   ymm0, ymm0, ymmword ptr [rsi+4*rbx]
       movsxd   rbx, r11d
       vmovups  ymmword ptr [r8+4*rbx], ymm0
       add      r11d, 8
       jmp      SHORT G_M000_IG27
 
G_M000_IG28:                ;; offset=0x02FB
       cmp      r11d, eax
       jge      G_M000_IG18
       movsxd   rbx, r11d
       vmovss   xmm0, dword ptr [r10+4*rbx]
       movsxd   rbx, r11d
       vaddss   xmm0, xmm0, dword ptr [rsi+4*rbx]
       movsxd   rbx, r11d
       vmovss   dword ptr [r8+4*rbx], xmm0
       inc      r11d
       jmp      SHORT G_M000_IG28
 
G_M000_IG29:                ;; offset=0x0323
       movsxd   r10, esi
       vaddps   ymm0, ymm0, ymmword ptr [r8+4*r10]
       add      esi, 8
       jmp      G_M000_IG22
 
G_M000_IG30:                ;; offset=0x0334
       movsxd   r10, esi
       vaddss   xmm0, xmm0, dword ptr [r8+4*r10]
       inc      esi
       cmp      esi, eax
       jl       SHORT G_M000_IG30
       jmp      G_M000_IG23
 
G_M000_IG31:                ;; offset=0x0348
       movsxd   r10, esi
       vmovups  ymm5, ymmword ptr [r8+4*r10]
       vsubps   ymm5, ymm5, ymm4
       vaddps   ymm2, ymm2, ymm5
       vfmadd231ps ymm3, ymm5, ymm5
       ad
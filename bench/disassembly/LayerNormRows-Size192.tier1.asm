; Assembly listing for method AttentionGen.Runtime.Normalization+LayerNormRows`1[AttentionGen.Bench.Backends.W2CharGpt+Size192]:Run(int,int,int):this (Tier1)
; Emitting BLENDED_CODE for generic X64 + VEX + EVEX on Unix
; Tier1 code
; optimized code
; optimized using Synthesized PGO
; rbp based frame
; fully interruptible
; with Synthesized PGO: fgCalledCount is 1272
; 4 inlinees with PGO data; 19 single block inlinees; 0 inlinees without PGO data

G_M000_IG01:                ;; offset=0x0000
       push     rbp
       mov      rbp, rsp
 
G_M000_IG02:                ;; offset=0x0004
       cmp      byte  ptr [rdi], dil
       cmp      edx, ecx
       jl       G_M000_IG20
 
G_M000_IG03:                ;; offset=0x000F
       vzeroupper 
       pop      rbp
       ret      
 
G_M000_IG04:                ;; offset=0x0014
       xor      eax, eax
       vxorps   ymm0, ymm0, ymm0
       align    [6 bytes for IG05]
 
G_M000_IG05:                ;; offset=0x0020
       movsxd   r9, eax
       vaddps   zmm0, zmm0, zmmword ptr [rsi+4*r9]
       add      eax, 16
       cmp      eax, 176
       jle      SHORT G_M000_IG05
 
G_M000_IG06:                ;; offset=0x0034
       vmovaps  zmm1, zmm0
       vextractf32x8 ymm0, zmm0, 1
       vaddps   ymm0, ymm0, ymm1
       cmp      eax, 184
       jle      G_M000_IG27
 
G_M000_IG07:                ;; offset=0x0050
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
       cmp      eax, 192
       jl       G_M000_IG28
 
G_M000_IG08:                ;; offset=0x0091
       vdivss   xmm0, xmm0, dword ptr [reloc @RWD00]
       xor      eax, eax
       vbroadcastss zmm1, zmm0
       vxorps   ymm2, ymm2, ymm2
       vxorps   ymm3, ymm3, ymm3
       align    [0 bytes for IG09]
 
G_M000_IG09:                ;; offset=0x00A9
       movsxd   r9, eax
       vmovups  zmm4, zmmword ptr [rsi+4*r9]
       vsubps   zmm4, zmm4, zmm1
       vaddps   zmm2, zmm4, zmm2
       vfmadd231ps zmm3, zmm4, zmm4
       add      eax, 16
       cmp      eax, 176
       jle      SHORT G_M000_IG09
 
G_M000_IG10:                ;; offset=0x00CF
       vmovaps  zmm1, zmm2
       vextractf32x8 ymm2, zmm2, 1
       vaddps   ymm1, ymm2, ymm1
       vmovaps  zmm2, zmm3
       vextractf32x8 ymm3, zmm3, 1
       vaddps   ymm2, ymm3, ymm2
       vbroadcastss ymm3, ymm0
       cmp      eax, 184
       jle      G_M000_IG29
 
G_M000_IG11:                ;; offset=0x0101
       vmovaps  ymm3, ymm1
       vpermilps xmm4, xmm3, -79
       vaddps   xmm3, xmm4, xmm3
       vpermilps xmm4, xmm3, 78
       vaddps   xmm3, xmm4, xmm3
       vextractf128 xmm1, ymm1
       vpermilps xmm4, xmm1, -79
       vaddps   xmm1, xmm4, xmm1
       vpermilps xmm4, xmm1, 78
       vaddps   xmm1, xmm4, xmm1
       vaddss   xmm1, xmm3, xmm1
       vmovaps  ymm3, ymm2
       vpermilps xmm4, xmm3, -79
       vaddps   xmm3, xmm4, xmm3
       vpermilps xmm4, xmm3, 78
       vaddps   xmm3, xmm4, xmm3
       vextractf128 xmm2, ymm2
       vpermilps xmm4, xmm2, -79
       vaddps   xmm2, xmm4, xmm2
       vpermilps xmm4, xmm2, 78
       vaddps   xmm2, xmm4, xmm2
       vaddss   xmm2, xmm3, xmm2
       cmp      eax, 192
       jl       G_M000_IG30
 
G_M000_IG12:                ;; offset=0x0178
       vdivss   xmm1, xmm1, dword ptr [reloc @RWD00]
       vmulss   xmm3, xmm1, xmm1
       vdivss   xmm2, xmm2, dword ptr [reloc @RWD00]
       vsubss   xmm2, xmm2, xmm3
       vxorps   xmm3, xmm3, xmm3
       vmaxss   xmm3, xmm3, xmm2
       vfixupimmss xmm3, xmm2, dword ptr [reloc @RWD04], 0
       vaddss   xmm2, xmm3, dword ptr [rdi+0x34]
       vsqrtss  xmm2, xmm2, xmm2
       vmovss   xmm3, dword ptr [reloc @RWD08]
       vdivss   xmm2, xmm3, xmm2
       mov      rax, qword ptr [rdi+0x18]
       mov      r9, qword ptr [rdi+0x20]
       xor      r10d, r10d
       vbroadcastss zmm3, zmm0
       vbroadcastss zmm4, zmm1
       vbroadcastss zmm5, zmm2
       align    [0 bytes for IG13]
 
G_M000_IG13:                ;; offset=0x01D5
       movsxd   r11, r10d
       vmovups  zmm6, zmmword ptr [rsi+4*r11]
       vsubps   zmm6, zmm6, zmm3
       vsubps   zmm6, zmm6, zmm4
       vmulps   zmm6, zmm6, zmm5
       test     rax, rax
       je       SHORT G_M000_IG15
 
G_M000_IG14:                ;; offset=0x01F6
       vmulps   zmm6, zmm6, zmmword ptr [rax+4*r11]
 
G_M000_IG15:                ;; offset=0x01FD
       test     r9, r9
       je       SHORT G_M000_IG17
 
G_M000_IG16:                ;; offset=0x0202
       vaddps   zmm6, zmm6, zmmword ptr [r9+4*r11]
 
G_M000_IG17:                ;; offset=0x0209
       vmovups  zmmword ptr [r8+4*r11], zmm6
       add      r10d, 16
       cmp      r10d, 176
       jle      SHORT G_M000_IG13
 
G_M000_IG18:                ;; offset=0x021D
       vbroadcastss ymm3, ymm0
       vbroadcastss ymm4, ymm1
       vbroadcastss ymm5, ymm2
       cmp      r10d, 184
       jle      G_M000_IG31
       align    [0 bytes for IG19]
 
G_M000_IG19:                ;; offset=0x0239
       cmp      r10d, 192
       jl       G_M000_IG34
       inc      edx
       cmp      edx, ecx
       jge      G_M000_IG03
 
G_M000_IG20:                ;; offset=0x0250
       movsxd   rax, edx
       imul     rax, rax, 192
       shl      rax, 2
       mov      rsi, rax
       add      rsi, qword ptr [rdi+0x10]
       mov      r8, rax
       add      r8, qword ptr [rdi+0x28]
       cmp      qword ptr [rdi], 0
       je       G_M000_IG04
 
G_M000_IG21:                ;; offset=0x0276
       mov      r9, rax
       add      r9, qword ptr [rdi]
       add      rax, qword ptr [rdi+0x08]
       xor      r10d, r10d
       align    [0 bytes for IG22]
 
G_M000_IG22:                ;; offset=0x0283
       movsxd   r11, r10d
       vmovups  zmm0, zmmword ptr [r9+4*r11]
       vaddps   zmm0, zmm0, zmmword ptr [rax+4*r11]
       vmovups  zmmword ptr [rsi+4*r11], zmm0
       add      r10d, 16
       cmp      r10d, 176
       jle      SHORT G_M000_IG22
       align    [0 bytes for IG23]
 
G_M000_IG23:                ;; offset=0x02A8
       cmp      r10d, 184
       jle      SHORT G_M000_IG25
       align    [0 bytes for IG24]
 
G_M000_IG24:                ;; offset=0x02B1
       cmp      r10d, 192
       jl       SHORT G_M000_IG26
       jmp      G_M000_IG04
 
G_M000_IG25:                ;; offset=0x02BF
       movsxd   r11, r10d
       vmovups  ymm0, ymmword ptr [r9+4*r11]
       movsxd   r11, r10d
       vaddps   ymm0, ymm0, ymmword ptr [rax+4*r11]
       movsxd   r11, r10d
       vmovups  ymmword ptr [rsi+4*r11], ymm0
       add      r10d, 8
       jmp      SHORT G_M000_IG23
 
G_M000_IG26:                ;; offset=0x02E0
       movsxd   r11, r10d
       vmovss   xmm0, dword ptr [r9+4*r11]
       movsxd   r11, r10d
       vaddss   xmm0, xmm0, dword ptr [rax+4*r11]
       movsxd   r11, r10d
       vmovss   dword ptr [rsi+4*r11], xmm0
       inc      r10d
       jmp      SHORT G_M000_IG24
 
G_M000_IG27:                ;; offset=0x0300
       movsxd   r9, eax
       vaddps   ymm0, ymm0, ymmword ptr [rsi+4*r9]
       add      eax, 8
       cmp      eax, 184
       jle      SHORT G_M000_IG27
       jmp      G_M000_IG07
 
G_M000_IG28:                ;; offset=0x0318
       movsxd   r9, eax
       vaddss   xmm0, xmm0, dword ptr [rsi+4*r9]
       inc      eax
       cmp      eax, 192
       jl       SHORT G_M000_IG28
       jmp      G_M000_IG08
 
G_M000_IG29:                ;; offset=0x032F
       movsxd   r9, eax
       vmovups  ymm4, ymmword ptr [rsi+4*r9]
       vsubps   ymm4, ymm4, ymm3
       vaddps   ymm1, ymm1, ymm4
       vfmadd231ps ymm2, ymm4, ymm4
       add      eax, 8
       cmp      eax, 184
       jle      SHORT G_M000_IG29
       jmp      G_M000_IG11
 
G_M000_IG30:                ;; offset=0x0354
       movsxd   r9, eax
       vmovss   xmm3, dword ptr [rsi+4*r9]
       vsubss   xmm3, xmm3, xmm0
       vaddss   xmm1, xmm1, xmm3
       vmulss   xmm3, xmm3, xmm3
       vaddss   xmm2, xmm3, xmm2
       inc      eax
       cmp      eax, 192
       jl       SHORT G_M000_IG30
       jmp      G_M000_IG12
 
G_M000_IG31:                ;; offset=0x037B
       movsxd   r11, r10d
       vmovups  ymm6, ymmword ptr [rsi+4*r11]
       vsubps   ymm6, ymm6, ymm3
       vsubps   ymm6, ymm6, ymm4
       vmulps   ymm6, ymm6, ymm5
       test     rax, rax
       je       SHORT G_M000_IG32
       movsxd   r11, r10d
       vmulps   ymm6, ymm6, ymmword ptr [rax+4*r11]
 
G_M000_IG32:                ;; offset=0x039E
       test     r9, r9
       je       SHORT G_M000_IG33
       movsxd   r11, r10d
       vaddps   ymm6, ymm6, ymmword ptr [r9+4*r11]
 
G_M000_IG33:                ;; offset=0x03AC
       movsxd   r11, r10d
       vmovups  ymmword ptr [r8+4*r11], ymm6
       add      r10d, 8
       cmp      r10d, 184
       jle      SHORT G_M000_IG31
       jmp      G_M000_IG19
 
G_M000_IG34:                ;; offset=0x03C7
       movsxd   r11, r10d
       vmovss   xmm3, dword ptr [rsi+4*r11]
       vsubss   xmm3, xmm3, xmm0
       vsubss   xmm3, xmm3, xmm1
       vmulss   xmm3, xmm3, xmm2
       test     rax, rax
       je       SHORT G_M000_IG35
       movsxd   r11, r10d
       vmulss   xmm3, xmm3, dword ptr [rax+4*r11]
 
G_M000_IG35:                ;; offset=0x03EA
       test     r9, r9
       je       SHORT G_M000_IG36
       movsxd   r11, r10d
       vaddss   xmm3, xmm3, dword ptr [r9+4*r11]
 
G_M000_IG36:                ;; offset=0x03F8
       movsxd   r11, r10d
       vmovss   dword ptr [r8+4*r11], xmm3
       inc      r10d
       jmp      G_M000_IG19
 
RWD00  	dd	43400000h		;       192
RWD04  	dd	00000800h		; 2.86986e-42
RWD08  	dd	3F800000h		;         1

; Total bytes of code 1033
